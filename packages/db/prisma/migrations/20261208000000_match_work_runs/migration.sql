-- How many times a match job was started for this row. A job started again (its matcher died) releases the claims
-- its first run made for emails it never planned (match-and-plan.ts), so the sweep no longer has to look for them
-- among every match ever stored.
-- AlterTable
ALTER TABLE "MatchWork" ADD COLUMN     "runs" INTEGER NOT NULL DEFAULT 0;
