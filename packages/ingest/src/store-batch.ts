import type { Db } from '@alerts/db';
import type { NormalisedQuestion } from '@alerts/sources';
import { fromDbDate } from './dates';
import { searchTermsOf } from './search-terms-of';
import { classifyChange, type StoredQuestion } from './transitions';

export interface BatchCounts {
  created: number;
  updated: number;
  unchanged: number;
  newlyAnswered: number;
  corrected: number;
  /** Questions first stored unanswered: a TABLED event each. */
  tabled: number;
}

/** One lock for every writer of questions, so "read the stored row, decide, write" cannot interleave. */
export const INGEST_LOCK = 741_852_963;

/** Every column we write, named as in the table (Prisma field names, no @map). */
const COLUMNS = [
  'id',
  'uin',
  'house',
  'heading',
  'questionText',
  'answerHtml',
  'answerText',
  'state',
  'isHolding',
  'isCorrection',
  'isWithdrawn',
  'isNamedDay',
  'memberHasInterest',
  'dateTabled',
  'dateForAnswer',
  'dateAnswered',
  'dateHoldingAnswer',
  'dateAnswerCorrected',
  'askingMemberId',
  'answeringMemberId',
  'correctingMemberId',
  'answeringBodyId',
  'answeringBodyName',
  'groupedUins',
  'groupedQuestions',
  'attachments',
  'raw',
  'contentHash',
  'firstSeenAt',
  'lastChangedAt',
  'newlyAnsweredAt',
  'searchTerms',
] as const;
const UPDATED = COLUMNS.filter((c) => c !== 'id' && c !== 'firstSeenAt' && c !== 'newlyAnsweredAt');
const quoted = (c: string) => `"${c}"`;

// One JSON parameter per statement, expanded by json_populate_recordset into typed rows: PostgreSQL parses it
// in one go, where a many-row parameterised insert through the ORM costs milliseconds per row (see bench:ingest).
const INSERT_SQL = `INSERT INTO "Question" (${COLUMNS.map(quoted).join(', ')})
  SELECT ${COLUMNS.map(quoted).join(', ')} FROM json_populate_recordset(NULL::"Question", $1::json)`;
const UPDATE_SQL = `UPDATE "Question" AS q SET ${UPDATED.map((c) => `${quoted(c)} = n.${quoted(c)}`).join(', ')},
  "newlyAnsweredAt" = COALESCE(n."newlyAnsweredAt", q."newlyAnsweredAt")
  FROM json_populate_recordset(NULL::"Question", $1::json) AS n WHERE q.id = n.id`;

const EVENTS_SQL = `INSERT INTO "QuestionEvent" ("questionId", kind, "ingestRunId", "isBackfill", "createdAt")
  SELECT "questionId", kind, "ingestRunId", "isBackfill", "createdAt" FROM json_populate_recordset(NULL::"QuestionEvent", $1::json)`;

// The search terms go in the same statement as the text they come from, so search never sees one without the other.
function row(q: NormalisedQuestion, times: { firstSeenAt: Date; lastChangedAt: Date; newlyAnsweredAt: Date | null }) {
  return { ...q, ...times, searchTerms: searchTermsOf(q) };
}

/**
 * Store a batch of normalised questions in one transaction: insert the new ones with one statement, update the
 * changed ones, skip the unchanged, and append a QuestionEvent for each that became news. Idempotent: storing the
 * same batch twice changes nothing the second time.
 */
export async function storeBatch(
  db: Db,
  batch: NormalisedQuestion[],
  run: { ingestRunId: number; isBackfill: boolean; now?: Date },
): Promise<BatchCounts> {
  const counts: BatchCounts = { created: 0, updated: 0, unchanged: 0, newlyAnswered: 0, corrected: 0, tabled: 0 };
  if (batch.length === 0) return counts;
  // The same id twice in one batch (a source repeating itself): the last version wins.
  const unique = [...new Map(batch.map((q) => [q.id, q])).values()];
  const now = run.now ?? new Date();

  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`;
      // Question rows carry large texts (raw record, HTML, plain text) that PostgreSQL compresses out of line; lz4
      // does that several times faster than the default pglz, for a little more space.
      await tx.$executeRawUnsafe(`SET LOCAL default_toast_compression = 'lz4'`);
      // Tells the Question trigger that this transaction writes search terms with the text (see the migration
      // 20261202000000_search_terms): other writers' text changes make a row unindexed instead.
      await tx.$executeRawUnsafe(`SET LOCAL alerts.search_terms_written = 'on'`);

      const bodies = new Map<number, string>();
      for (const q of unique)
        if (q.answeringBodyId !== null && q.answeringBodyName) bodies.set(q.answeringBodyId, q.answeringBodyName);
      if (bodies.size) {
        const ids = [...bodies.keys()];
        const names = [...bodies.values()];
        await tx.$executeRaw`
          INSERT INTO "AnsweringBody" (id, name, "updatedAt")
          SELECT * , now() FROM unnest(${ids}::int[], ${names}::text[])
          ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, "updatedAt" = now()
          WHERE "AnsweringBody".name IS DISTINCT FROM EXCLUDED.name`;
      }

      const stored = await tx.question.findMany({
        where: { id: { in: unique.map((q) => q.id) } },
        select: { id: true, state: true, contentHash: true, dateAnswerCorrected: true },
      });
      const byId = new Map<number, StoredQuestion>(
        stored.map((s) => [s.id, { ...s, dateAnswerCorrected: fromDbDate(s.dateAnswerCorrected) }]),
      );

      const creates: ReturnType<typeof row>[] = [];
      const updates: ReturnType<typeof row>[] = [];
      const events: { questionId: number; kind: string; ingestRunId: number; isBackfill: boolean; createdAt: Date }[] =
        [];
      for (const q of unique) {
        const change = classifyChange(byId.get(q.id), q);
        if (change.kind === 'unchanged') {
          counts.unchanged++;
          continue;
        }
        if (change.event) {
          events.push({
            questionId: q.id,
            kind: change.event,
            ingestRunId: run.ingestRunId,
            isBackfill: run.isBackfill,
            createdAt: now,
          });
          if (change.event === 'ANSWERED') counts.newlyAnswered++;
          else if (change.event === 'CORRECTED') counts.corrected++;
          else if (change.event === 'TABLED') counts.tabled++;
        }
        const times = {
          firstSeenAt: now,
          lastChangedAt: now,
          newlyAnsweredAt: change.event === 'ANSWERED' ? now : null,
        };
        if (change.kind === 'create') {
          creates.push(row(q, times));
          counts.created++;
        } else {
          updates.push(row(q, times));
          counts.updated++;
        }
      }
      if (creates.length) await tx.$executeRawUnsafe(INSERT_SQL, JSON.stringify(creates));
      if (updates.length) await tx.$executeRawUnsafe(UPDATE_SQL, JSON.stringify(updates));
      if (events.length) await tx.$executeRawUnsafe(EVENTS_SQL, JSON.stringify(events));
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  return counts;
}
