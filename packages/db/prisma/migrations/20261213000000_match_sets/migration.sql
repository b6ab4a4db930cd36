-- One row per alert per batch (issue #21): a match row holds all the questions one flush of a match job matched for
-- one alert, not one question. One row per match cost PostgreSQL ~10 µs a match to store and as much again to mark
-- delivered: 72 of its 77 CPU-seconds in bench:pipeline at 100,000 subscribers (2.3M matches, 54,309 emails).
-- Each existing row becomes a row of one question, which the new grain allows; the table is rewritten once.
-- "Never the same item twice" was the unique key on (alert, question, asked); it is now kept by the matcher, which
-- stores only questions none of the alert's rows holds, one insert at a time (run-match-job.ts). Its index goes.
DROP INDEX "Match_subscriptionId_questionId_asked_key";
ALTER TABLE "Match" ALTER COLUMN "questionId" TYPE INTEGER[] USING ARRAY["questionId"];
ALTER TABLE "Match" ALTER COLUMN "questionId" DROP NOT NULL;
ALTER TABLE "Match" RENAME COLUMN "questionId" TO "questionIds";
-- A row always holds at least one question (Prisma cannot say so: storage-settings.ts).
ALTER TABLE "Match" ADD CONSTRAINT "Match_questionIds_check" CHECK (cardinality("questionIds") > 0);
