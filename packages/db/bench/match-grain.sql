-- How much of storing matches is their grain: one row per match (the Match table's shape today) against one row per
-- alert per batch holding the batch's question ids in an array, the same matches either way; then a second batch,
-- half of it matched before, which neither may store twice. Issue #21's goal (bench:pipeline within 1.5x the wire)
-- is below what one row per match costs on a 2-core machine: this measures what the other grain would cost.
-- Run: `npm run bench:match-grain` (psql; BENCH_DATABASE_URL picks the server). Everything lives in its own schema,
-- dropped at the end. The tables mirror Match's columns, indexes, fillfactor and the trigger that checks its alert once
-- per statement (packages/db/prisma/schema.prisma; migration 20261210000000_match_subscription_check), not its
-- migration history.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_match_grain CASCADE;
CREATE SCHEMA bench_match_grain;
SET search_path = bench_match_grain;

CREATE TABLE subscription (id text PRIMARY KEY);
INSERT INTO subscription SELECT 'bench_s' || i FROM generate_series(0, 99999) i;

CREATE TABLE match_row (
  id bigserial PRIMARY KEY,
  "subscriptionId" text NOT NULL,
  "questionId" int NOT NULL,
  "eventId" bigint,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "deliveredAt" timestamptz,
  "deliveryId" text,
  asked boolean NOT NULL DEFAULT false
) WITH (fillfactor = 50);
CREATE UNIQUE INDEX ON match_row ("subscriptionId", "questionId", asked);
CREATE INDEX ON match_row ("subscriptionId") WHERE "deliveryId" IS NULL;

CREATE TABLE match_set (
  id bigserial PRIMARY KEY,
  "subscriptionId" text NOT NULL,
  batch bigint NOT NULL,
  "questionIds" int[] NOT NULL,
  "eventIds" bigint[] NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "deliveredAt" timestamptz,
  "deliveryId" text,
  asked boolean NOT NULL DEFAULT false
) WITH (fillfactor = 50);
CREATE UNIQUE INDEX ON match_set ("subscriptionId", batch, asked);

-- Each statement's alerts exist, and are locked against deletion until it commits: as "Match_subscription_check" does.
CREATE FUNCTION check_alerts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  named text[] := ARRAY(SELECT DISTINCT "subscriptionId" FROM new_rows);
  held int;
BEGIN
  SELECT count(*) INTO held FROM (SELECT 1 FROM subscription s WHERE s.id = ANY (named) FOR KEY SHARE OF s) l;
  IF held < cardinality(named) THEN
    RAISE EXCEPTION 'a match names an alert that does not exist' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER match_row_check AFTER INSERT ON match_row REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_alerts();
CREATE TRIGGER match_set_check AFTER INSERT ON match_set REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_alerts();

-- bench:pipeline's batch at 100,000 subscribers: 54,309 alerts matched, ~42 questions each (2.28M matches), stored in
-- 229 flushes of about 10,000 matches (238 alerts), claimed by the email that will carry them, as the matcher stores
-- them. The alerts of flush f (0-228), each with its number n (its email is 'dlv_' || n):
CREATE FUNCTION flush_alerts(f int) RETURNS TABLE (alert text, n int) LANGUAGE sql AS $$
  SELECT 'bench_s' || s, s FROM generate_series(f * 238, least(f * 238 + 237, 54308)) s
$$;
-- A batch stored one row per match, flush by flush: questions first_q-last_q for each alert, claimed by the email
-- named `email` and the alert's number.
CREATE FUNCTION store_rows(first_q int, last_q int, email text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN
  FOR f IN 0..228 LOOP
    INSERT INTO match_row ("subscriptionId", "questionId", "eventId", "deliveryId")
    SELECT a.alert, q, q, email || a.n FROM flush_alerts(f) a, generate_series(first_q, last_q) q
    ON CONFLICT DO NOTHING;
  END LOOP;
END $$;
\echo 'store 2.28M matches, one row per match'
\timing on
DO $$ BEGIN PERFORM store_rows(1, 42, 'dlv_'); END $$;
\timing off
\echo 'store the same matches, one row per alert per batch'
\timing on
DO $$ BEGIN
  FOR f IN 0..228 LOOP
    INSERT INTO match_set ("subscriptionId", batch, "questionIds", "eventIds", "deliveryId")
    SELECT a.alert, 1, (SELECT array_agg(q) FROM generate_series(1, 42) q),
      (SELECT array_agg(q::bigint) FROM generate_series(1, 42) q), 'dlv_' || a.n
    FROM flush_alerts(f) a
    ON CONFLICT DO NOTHING;
  END LOOP;
END $$;
\timing off
-- A second batch for the same alerts, questions 22-63: 21 of each alert's 42 were matched in the first batch, and
-- neither grain may store an item twice. One row per match relies on its unique key (ON CONFLICT); one row per alert
-- per batch reads the alert's earlier sets (one index probe an alert) and keeps only what they do not hold. Both tables
-- are analysed first, as autovacuum would have: unanalysed, the earlier sets were read by a scan of the whole table.
ANALYZE match_row, match_set;
\echo 'a second batch, half of it already matched, one row per match'
\timing on
DO $$ BEGIN PERFORM store_rows(22, 63, 'dlv2_'); END $$;
\timing off
\echo 'the same, one row per alert per batch, checked against the alert''s earlier sets'
\timing on
DO $$ BEGIN
  FOR f IN 0..228 LOOP
    INSERT INTO match_set ("subscriptionId", batch, "questionIds", "eventIds", "deliveryId")
    SELECT a.alert, 2, a.fresh, a.fresh::bigint[], 'dlv2_' || a.n
    FROM (
      SELECT a.alert, a.n,
        ARRAY(SELECT q FROM generate_series(22, 63) q
              EXCEPT SELECT unnest(e."questionIds") FROM match_set e WHERE e."subscriptionId" = a.alert AND NOT e.asked) AS fresh
      FROM flush_alerts(f) a) a
    WHERE cardinality(a.fresh) > 0
    ON CONFLICT DO NOTHING;
  END LOOP;
END $$;
\timing off
SELECT 'one row per match' AS grain, count(*) AS rows, count(*) AS matches, pg_size_pretty(pg_total_relation_size('match_row')) AS size
FROM match_row
UNION ALL
SELECT 'one row per alert per batch', count(*), sum(cardinality("questionIds")), pg_size_pretty(pg_total_relation_size('match_set')) FROM match_set;
-- What each email's record does to its matches: mark them delivered (10,000 emails, one statement each).
\echo 'mark 10,000 emails'' matches delivered, one row per match'
\timing on
DO $$ BEGIN
  FOR s IN 0..9999 LOOP
    UPDATE match_row SET "deliveredAt" = now() WHERE "subscriptionId" = 'bench_s' || s AND "deliveryId" = 'dlv_' || s;
  END LOOP;
END $$;
\timing off
\echo 'the same, one row per alert per batch'
\timing on
DO $$ BEGIN
  FOR s IN 0..9999 LOOP
    UPDATE match_set SET "deliveredAt" = now() WHERE "subscriptionId" = 'bench_s' || s AND "deliveryId" = 'dlv_' || s;
  END LOOP;
END $$;
\timing off
DROP SCHEMA bench_match_grain CASCADE;
