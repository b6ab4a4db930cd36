-- The matcher's index follows edits (issue #21): every change that can alter which alerts may receive mail, or what
-- they ask, logs the subscriber it touches, and each matcher applies only the subscribers changed since its last
-- look (by transaction id: every change of a transaction still running at that look is read again, none missed).
-- Written by triggers, so no writer (web, CLI, admin, a hand-run SQL statement) can forget it.
CREATE TABLE "AlertChange" (
    "id" BIGSERIAL NOT NULL,
    "subscriberId" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT clock_timestamp(),
    "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),

    CONSTRAINT "AlertChange_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "AlertChange_changedAt_idx" ON "AlertChange"("changedAt");

CREATE INDEX "AlertChange_xid_idx" ON "AlertChange"("xid");

CREATE FUNCTION "AlertChange_log_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "AlertChange" ("subscriberId") SELECT DISTINCT "subscriberId" FROM new_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION "AlertChange_log_old"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "AlertChange" ("subscriberId") SELECT DISTINCT "subscriberId" FROM old_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION "AlertChange_log_subscriber"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "AlertChange" ("subscriberId") SELECT id FROM new_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION "AlertChange_log_suppression"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO "AlertChange" ("subscriberId") SELECT r.id FROM old_rows x JOIN "Subscriber" r ON r.email = x.email;
  ELSE
    INSERT INTO "AlertChange" ("subscriberId") SELECT r.id FROM new_rows x JOIN "Subscriber" r ON r.email = x.email;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Subscription_changes_insert" AFTER INSERT ON "Subscription" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_new"();
CREATE TRIGGER "Subscription_changes_update" AFTER UPDATE ON "Subscription" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_new"();
CREATE TRIGGER "Subscription_changes_delete" AFTER DELETE ON "Subscription" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_old"();
CREATE TRIGGER "Subscriber_changes_update" AFTER UPDATE ON "Subscriber" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_subscriber"();
CREATE TRIGGER "Suppression_changes_insert" AFTER INSERT ON "Suppression" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_suppression"();
CREATE TRIGGER "Suppression_changes_delete" AFTER DELETE ON "Suppression" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_suppression"();
