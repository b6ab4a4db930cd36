-- Match.deliveryId becomes a plain audit reference: no foreign key, no index. Marking millions of match rows
-- delivered paid for a key check and an index entry per row, for a link nothing queries.
ALTER TABLE "Match" DROP CONSTRAINT "Match_deliveryId_fkey";

DROP INDEX "Match_deliveryId_idx";

-- Match.questionId likewise: questions are never deleted, and the key check cost as much as each match insert.
ALTER TABLE "Match" DROP CONSTRAINT "Match_questionId_fkey";

-- Every match row is updated once (marked delivered). Half-empty pages let that be a heap-only (HOT) update: no
-- new index entries, no index bloat. The Prisma schema cannot express this (see src/storage-settings.ts).
ALTER TABLE "Match" SET (fillfactor = 50);
