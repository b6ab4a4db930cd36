import { Prisma, type Db } from '@alerts/db';
import type { NormalisedQuestion } from '@alerts/sources';
import { toDbDate, fromDbDate } from './dates';
import { classifyChange, type StoredQuestion } from './transitions';

export interface BatchCounts {
  created: number;
  updated: number;
  unchanged: number;
  newlyAnswered: number;
  corrected: number;
}

/** One lock for every writer of questions, so "read the stored row, decide, write" cannot interleave. */
const INGEST_LOCK = 741_852_963;

function questionData(q: NormalisedQuestion) {
  return {
    uin: q.uin,
    house: q.house,
    heading: q.heading,
    questionText: q.questionText,
    answerHtml: q.answerHtml,
    answerText: q.answerText,
    state: q.state,
    isHolding: q.isHolding,
    isCorrection: q.isCorrection,
    isWithdrawn: q.isWithdrawn,
    isNamedDay: q.isNamedDay,
    memberHasInterest: q.memberHasInterest,
    dateTabled: toDbDate(q.dateTabled)!,
    dateForAnswer: toDbDate(q.dateForAnswer),
    dateAnswered: toDbDate(q.dateAnswered),
    dateHoldingAnswer: toDbDate(q.dateHoldingAnswer),
    dateAnswerCorrected: toDbDate(q.dateAnswerCorrected),
    askingMemberId: q.askingMemberId,
    answeringMemberId: q.answeringMemberId,
    correctingMemberId: q.correctingMemberId,
    answeringBodyId: q.answeringBodyId,
    answeringBodyName: q.answeringBodyName,
    groupedUins: q.groupedUins,
    groupedQuestions: q.groupedQuestions as Prisma.InputJsonValue,
    attachments: q.attachments as Prisma.InputJsonValue,
    raw: q.raw as Prisma.InputJsonValue,
    contentHash: q.contentHash,
  };
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
  const counts: BatchCounts = { created: 0, updated: 0, unchanged: 0, newlyAnswered: 0, corrected: 0 };
  if (batch.length === 0) return counts;
  // The same id twice in one batch (a source repeating itself): the last version wins.
  const unique = [...new Map(batch.map((q) => [q.id, q])).values()];
  const now = run.now ?? new Date();

  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`;

      const bodies = new Map<number, string>();
      for (const q of unique) if (q.answeringBodyId !== null && q.answeringBodyName) bodies.set(q.answeringBodyId, q.answeringBodyName);
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

      const creates: Prisma.QuestionCreateManyInput[] = [];
      const events: Prisma.QuestionEventCreateManyInput[] = [];
      for (const q of unique) {
        const change = classifyChange(byId.get(q.id), q);
        if (change.kind === 'unchanged') {
          counts.unchanged++;
          continue;
        }
        if (change.event) {
          events.push({ questionId: q.id, kind: change.event, ingestRunId: run.ingestRunId, isBackfill: run.isBackfill, createdAt: now });
          if (change.event === 'ANSWERED') counts.newlyAnswered++;
          else counts.corrected++;
        }
        const newlyAnsweredAt = change.event === 'ANSWERED' ? now : undefined;
        if (change.kind === 'create') {
          creates.push({ id: q.id, ...questionData(q), firstSeenAt: now, lastChangedAt: now, newlyAnsweredAt: newlyAnsweredAt ?? null });
          counts.created++;
        } else {
          await tx.question.update({ where: { id: q.id }, data: { ...questionData(q), lastChangedAt: now, ...(newlyAnsweredAt ? { newlyAnsweredAt } : {}) } });
          counts.updated++;
        }
      }
      if (creates.length) await tx.question.createMany({ data: creates });
      if (events.length) await tx.questionEvent.createMany({ data: events });
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  return counts;
}
