-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- The questions still waiting (unanswered or holding) are a few thousand among years of answers: /tabled lists and
-- counts them, its search filters them, and the ingester re-fetches the followed ones, each in tabled order. Without
-- this, each of those read every question (bench:search, 300,780 answers: /tabled p95 226 ms).
CREATE INDEX CONCURRENTLY "Question_waiting_idx" ON "Question" ("dateTabled" DESC, id DESC) WHERE state IN ('UNANSWERED', 'HOLDING');
