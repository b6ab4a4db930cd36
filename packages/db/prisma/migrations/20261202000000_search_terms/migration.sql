-- Full-text candidate terms for search and the sign-up preview (apps/web/src/questions): the Porter2 stems of a
-- question's text and its filter terms, computed by @alerts/matching's own tokenizer and stemmer and written by
-- ingest in the same statement as the text. NULL means "not indexed": such a row is a candidate for every search,
-- so search stays exact while `alerts db migrate` fills existing rows in. The GIN index is built CONCURRENTLY by the
-- next migration: each CONCURRENTLY statement sits alone in its migration because it cannot run in a transaction.
ALTER TABLE "Question" ADD COLUMN "searchTerms" tsvector;

-- A writer that changes a question's searched text (or its filter columns) without writing its terms leaves them
-- stale, and a stale row could be missed by search. This trigger makes such a row unindexed instead. Ingest sets
-- `alerts.search_terms_written` for its transaction because it always writes the terms with the text.
-- The Prisma schema cannot express a trigger (see src/storage-settings.ts).
CREATE FUNCTION "Question_searchTerms_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('alerts.search_terms_written', true), '') <> 'on'
     AND (NEW.heading, NEW."questionText", NEW."answerHtml", NEW.house, NEW."askingMemberId", NEW."answeringMemberId", NEW."answeringBodyName")
         IS DISTINCT FROM (OLD.heading, OLD."questionText", OLD."answerHtml", OLD.house, OLD."askingMemberId", OLD."answeringMemberId", OLD."answeringBodyName") THEN
    NEW."searchTerms" := NULL;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "Question_searchTerms_guard" BEFORE UPDATE ON "Question"
  FOR EACH ROW EXECUTE FUNCTION "Question_searchTerms_guard"();
