-- Alerts are partitioned by their subscriber, not by themselves (issue #21): one match job sees all of a person's
-- alerts, so one ingest batch gives them at most one immediate email. Same hash as partitionOf in
-- packages/pipeline/src/partition.ts (the first 16 bits of MD5, modulo 1,024).
UPDATE "Subscription" SET partition = ((('x' || substr(md5("subscriberId"), 1, 4))::bit(16)::int) % 1024);
