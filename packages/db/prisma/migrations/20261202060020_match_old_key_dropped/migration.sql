-- WARNING: keep this the only statement of its migration (CONCURRENTLY cannot run in a transaction).
-- The old key (alert, question), which the code before askings names in its ON CONFLICT: dropped once the new key
-- exists, without blocking writes.
DROP INDEX CONCURRENTLY IF EXISTS "Match_subscriptionId_questionId_key";
