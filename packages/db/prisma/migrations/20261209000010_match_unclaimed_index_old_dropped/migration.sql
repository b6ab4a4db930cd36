-- WARNING: keep this the only statement of its migration (CONCURRENTLY cannot run in a transaction).
-- The first index of unclaimed matches, whose predicate read "deliveredAt" (see 20261209000000): dropped once its
-- successor exists, without blocking writes.
DROP INDEX CONCURRENTLY IF EXISTS "Match_unclaimed_subscriptionId_idx";
