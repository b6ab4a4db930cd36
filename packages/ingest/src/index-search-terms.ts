import type { Db } from '@alerts/db';
import { INGEST_LOCK } from './store-batch';
import type { SearchedColumns } from './matchable-of';
import { searchTermsOf } from './search-terms-of';

/**
 * Fill in `searchTerms` for every question that has none: rows stored before the search index existed, or whose
 * text another writer changed (the trigger then clears their terms). Until then such rows are candidates for every
 * search, which is exact but slow. Runs in batches, each under the ingest lock, so a concurrent ingest cannot change
 * a row between reading its text and writing its terms. Returns how many rows it indexed.
 */
export async function indexSearchTerms(
  db: Db,
  options: { batchSize?: number; onProgress?: (indexed: number) => void } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 1_000;
  let indexed = 0;
  let after = 0;
  for (;;) {
    const done = await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`;
        await tx.$executeRawUnsafe(`SET LOCAL alerts.search_terms_written = 'on'`);
        const rows: SearchedColumns[] = await tx.$queryRaw`
          SELECT id, heading, "questionText", "answerHtml", house::text, "askingMemberId", "answeringMemberId", "answeringBodyName" FROM "Question" WHERE id > ${after} AND "searchTerms" IS NULL ORDER BY id LIMIT ${batchSize}`;
        if (rows.length === 0) return true;
        const ids = rows.map((row) => row.id);
        const terms = rows.map((row) => searchTermsOf(row));
        await tx.$executeRaw`
          UPDATE "Question" AS q SET "searchTerms" = t.terms::tsvector
          FROM unnest(${ids}::int[], ${terms}::text[]) AS t(id, terms) WHERE q.id = t.id`;
        after = ids[ids.length - 1] ?? after;
        indexed += rows.length;
        return false;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
    options.onProgress?.(indexed);
    if (done) return indexed;
  }
}
