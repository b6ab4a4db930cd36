-- Keyword alerts on tabled questions (issue 15): a TABLED event when ingest first stores a question unanswered, an
-- opt-in per alert ("also tell me when such a question is asked"), and a Match per (alert, question, asked), so the
-- match that announced the asking never blocks the one that announces the answer.
--
-- The migrator sends this file as one script: its statements run in one implicit transaction. PostgreSQL allows
-- ALTER TYPE ... ADD VALUE there only because nothing below uses 'TABLED' (a new enum value cannot be used before
-- its transaction commits). Keep it so: anything that needs the value (a partial index, a default) goes in a later
-- migration. ADD VALUE appends, so the enum's order matches the schema.
ALTER TYPE "QuestionEventKind" ADD VALUE 'TABLED';

-- A constant default: PostgreSQL 11+ adds these without rewriting the table.
ALTER TABLE "Subscription" ADD COLUMN "includeTabled" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Match" ADD COLUMN "asked" BOOLEAN NOT NULL DEFAULT false;

-- The new unique key (subscription, question, asked) is built, and the old one dropped, CONCURRENTLY by the next two
-- migrations, so writes to Match never wait for them.
