-- Matches found per UTC day and match partition, for the admin dashboard and /metrics. Match rows are deleted with
-- their alert (cascade), so counting them made past days' figures fall whenever someone deleted an alert. The
-- matcher adds each flush's inserted count in the statement that inserts the matches (run-match-job.ts).
-- CreateTable
CREATE TABLE "MatchTally" (
    "day" DATE NOT NULL,
    "partition" INTEGER NOT NULL,
    "matches" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "MatchTally_pkey" PRIMARY KEY ("day","partition")
);

-- The matches still stored start the tally, by the day they were found, under partition 0 (the dashboard sums the
-- partitions). Those already deleted with their alerts cannot be counted again.
INSERT INTO "MatchTally" ("day", "partition", "matches")
SELECT "createdAt"::date, 0, count(*) FROM "Match" GROUP BY 1;
