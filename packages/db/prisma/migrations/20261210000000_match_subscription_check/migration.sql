-- Match's alert, checked once per statement instead of once per row (issue #21). The foreign key on
-- Match."subscriptionId" made PostgreSQL look up and lock the alert of every match inserted, millions per batch.
-- With these triggers a match job's flush locks each alert it names once: matching the bench's batch for 100,000
-- subscribers (bench:pipeline, BENCH_MAILERS=0) took PostgreSQL 48-50 CPU-seconds instead of 55-60.
-- The guarantees are the key's:
-- - a match names an alert that exists: the insert fails (foreign_key_violation) when one is missing, and locks each
--   alert it names (FOR KEY SHARE, as the key's own check does) until it commits, so no delete can slip in between;
-- - deleting an alert deletes its matches, in the deleting statement (as ON DELETE CASCADE did). A delete that
--   waited on an inserter's lock runs its cascade after that inserter committed, and so sees and deletes its rows;
-- - neither key column changes under the other: an update of Match."subscriptionId" or of Subscription.id is refused
--   (the key cascaded such updates; nothing in the system makes them).
-- Prisma's schema keeps the relation (queries join through it); storage-settings.ts drops the key it would create.
ALTER TABLE "Match" DROP CONSTRAINT "Match_subscriptionId_fkey";

CREATE FUNCTION "Match_subscription_check"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  named text[] := ARRAY(SELECT DISTINCT "subscriptionId" FROM new_rows);
  held int;
BEGIN
  SELECT count(*) INTO held FROM (SELECT 1 FROM "Subscription" s WHERE s.id = ANY (named) FOR KEY SHARE OF s) l;
  IF held < cardinality(named) THEN
    RAISE EXCEPTION 'insert on table "Match" names an alert that does not exist (Subscription)'
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "Match_subscription_cascade"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "Match" WHERE "subscriptionId" = ANY (ARRAY(SELECT id FROM old_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION "Match_subscription_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."subscriptionId" IS DISTINCT FROM OLD."subscriptionId" THEN
    RAISE EXCEPTION 'a match''s alert (Match."subscriptionId") never changes' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION "Subscription_id_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION 'an alert''s id (Subscription.id) never changes: its matches name it' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "Match_subscription_check" AFTER INSERT ON "Match" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Match_subscription_check"();
CREATE TRIGGER "Match_subscription_fixed" BEFORE UPDATE OF "subscriptionId" ON "Match" FOR EACH ROW EXECUTE FUNCTION "Match_subscription_fixed"();
CREATE TRIGGER "Subscription_matches_delete" AFTER DELETE ON "Subscription" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Match_subscription_cascade"();
CREATE TRIGGER "Subscription_id_fixed" BEFORE UPDATE OF id ON "Subscription" FOR EACH ROW EXECUTE FUNCTION "Subscription_id_fixed"();
