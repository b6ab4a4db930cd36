-- Match.deliveryId becomes a plain audit reference: no foreign key, no index. Marking millions of match rows
-- delivered paid for a key check and an index entry per row, for a link nothing queries.
ALTER TABLE "Match" DROP CONSTRAINT "Match_deliveryId_fkey";

DROP INDEX "Match_deliveryId_idx";

-- Match.questionId likewise: questions are never deleted, and the key check cost as much as each match insert.
ALTER TABLE "Match" DROP CONSTRAINT "Match_questionId_fkey";
