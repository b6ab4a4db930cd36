/**
 * Table settings the Prisma schema language cannot express. Migrations set them by hand; `schemaToSql` (and so
 * `alerts db diff` and the drift test) appends them, so a database built from the schema matches one built from the
 * migrations. Keep each statement here and in its migration in step.
 */
export const STORAGE_SETTINGS_SQL = [
  // Every match row is updated exactly once (marked delivered). Half-empty pages let nearly every such update be
  // heap-only (HOT): no new index entries and no index bloat. Measured: 40-row updates 57% cheaper than when full.
  // No index of Match may read "deliveredAt", in its key or its predicate: that alone makes the update a full one
  // (record-sent-hot.int.test.ts).
  'ALTER TABLE "Match" SET (fillfactor = 50);',
  // A match row holds at least one question (migration 20261213000000_match_sets).
  'ALTER TABLE "Match" ADD CONSTRAINT "Match_questionIds_check" CHECK (cardinality("questionIds") > 0);',
  // Search: rows with no terms are candidates for every search; find them by index (migration ..._unindexed).
  'CREATE INDEX "Question_searchTerms_unindexed_idx" ON "Question" (id) WHERE "searchTerms" IS NULL;',
  // The questions still waiting, in tabled order: /tabled, its search, the re-fetch of followed ones (migration
  // ..._waiting_questions_index).
  `CREATE INDEX "Question_waiting_idx" ON "Question" ("dateTabled" DESC, id DESC) WHERE state IN ('UNANSWERED', 'HOLDING');`,
  // The owed deliveries, by when the reconciler looks at them next (migration ..._delivery_pending_index).
  `CREATE INDEX "Delivery_pending_idx" ON "Delivery" ("dueAt") WHERE status = 'PENDING';`,
  // The addresses of subscribers who are gone, which the reconciler erases (migrations ..._delivery_erasable_index
  // and ..._audit_email_index).
  `CREATE INDEX "Delivery_erasable_idx" ON "Delivery" ("createdAt") WHERE "subscriberId" IS NULL AND email <> '';`,
  `CREATE INDEX "AuditLog_email_idx" ON "AuditLog" (id) WHERE detail ? 'email';`,
  // Recent unconfirmed alerts and follows, for the reconciler's owed confirmations (migrations ..._unconfirmed_index).
  `CREATE INDEX "Subscription_unconfirmed_idx" ON "Subscription" ("createdAt") WHERE "confirmedAt" IS NULL;`,
  `CREATE INDEX "Follow_unconfirmed_idx" ON "Follow" ("createdAt") WHERE "confirmedAt" IS NULL;`,
  // Search: a change to the searched text by any writer but ingest makes the row unindexed rather than stale
  // (migration 20261202000000_search_terms).
  `CREATE FUNCTION "Question_searchTerms_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('alerts.search_terms_written', true), '') <> 'on'
     AND (NEW.heading, NEW."questionText", NEW."answerHtml", NEW.house, NEW."askingMemberId", NEW."answeringMemberId", NEW."answeringBodyName")
         IS DISTINCT FROM (OLD.heading, OLD."questionText", OLD."answerHtml", OLD.house, OLD."askingMemberId", OLD."answeringMemberId", OLD."answeringBodyName") THEN
    NEW."searchTerms" := NULL;
  END IF;
  RETURN NEW;
END $$;`,
  'CREATE TRIGGER "Question_searchTerms_guard" BEFORE UPDATE ON "Question" FOR EACH ROW EXECUTE FUNCTION "Question_searchTerms_guard"();',
  // The matcher's index follows edits: triggers log each subscriber whose alerts may have changed (migration
  // 20261205000200_alert_changes; read by packages/delivery/src/subscription-index-cache.ts).
  `CREATE FUNCTION "AlertChange_log_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "AlertChange" ("subscriberId") SELECT DISTINCT "subscriberId" FROM new_rows;
  RETURN NULL;
END $$;`,
  `CREATE FUNCTION "AlertChange_log_old"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "AlertChange" ("subscriberId") SELECT DISTINCT "subscriberId" FROM old_rows;
  RETURN NULL;
END $$;`,
  `CREATE FUNCTION "AlertChange_log_subscriber"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "AlertChange" ("subscriberId") SELECT id FROM new_rows;
  RETURN NULL;
END $$;`,
  `CREATE FUNCTION "AlertChange_log_suppression"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO "AlertChange" ("subscriberId") SELECT r.id FROM old_rows x JOIN "Subscriber" r ON r.email = x.email;
  ELSE
    INSERT INTO "AlertChange" ("subscriberId") SELECT r.id FROM new_rows x JOIN "Subscriber" r ON r.email = x.email;
  END IF;
  RETURN NULL;
END $$;`,
  `CREATE TRIGGER "Subscription_changes_insert" AFTER INSERT ON "Subscription" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_new"();`,
  `CREATE TRIGGER "Subscription_changes_update" AFTER UPDATE ON "Subscription" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_new"();`,
  `CREATE TRIGGER "Subscription_changes_delete" AFTER DELETE ON "Subscription" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_old"();`,
  `CREATE TRIGGER "Subscriber_changes_update" AFTER UPDATE ON "Subscriber" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_subscriber"();`,
  `CREATE TRIGGER "Suppression_changes_insert" AFTER INSERT ON "Suppression" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_suppression"();`,
  `CREATE TRIGGER "Suppression_changes_delete" AFTER DELETE ON "Suppression" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "AlertChange_log_suppression"();`,
  // Match's alert is checked once per statement, not once per row, by triggers rather than the foreign key Prisma
  // creates for the relation (migration 20261210000000_match_subscription_check says why and what they guarantee).
  `ALTER TABLE "Match" DROP CONSTRAINT "Match_subscriptionId_fkey";`,
  `CREATE FUNCTION "Match_subscription_check"() RETURNS trigger LANGUAGE plpgsql AS $$
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
END $$;`,
  `CREATE FUNCTION "Match_subscription_cascade"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "Match" WHERE "subscriptionId" = ANY (ARRAY(SELECT id FROM old_rows));
  RETURN NULL;
END $$;`,
  `CREATE FUNCTION "Match_subscription_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."subscriptionId" IS DISTINCT FROM OLD."subscriptionId" THEN
    RAISE EXCEPTION 'a match''s alert (Match."subscriptionId") never changes' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;`,
  `CREATE FUNCTION "Subscription_id_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION 'an alert''s id (Subscription.id) never changes: its matches name it' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;`,
  `CREATE TRIGGER "Match_subscription_check" AFTER INSERT ON "Match" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Match_subscription_check"();`,
  `CREATE TRIGGER "Match_subscription_fixed" BEFORE UPDATE OF "subscriptionId" ON "Match" FOR EACH ROW EXECUTE FUNCTION "Match_subscription_fixed"();`,
  `CREATE TRIGGER "Subscription_matches_delete" AFTER DELETE ON "Subscription" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Match_subscription_cascade"();`,
  `CREATE TRIGGER "Subscription_id_fixed" BEFORE UPDATE OF id ON "Subscription" FOR EACH ROW EXECUTE FUNCTION "Subscription_id_fixed"();`,
];
