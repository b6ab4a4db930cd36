import type { Db } from '@alerts/db';

/**
 * Demo mode: make stored questions news again, as if answered now, so a newcomer sees alerts arrive within a
 * minute of subscribing. Takes the `count` answered questions that were announced longest ago and writes a fresh
 * ANSWERED event for each (the real records are unchanged). Never used outside `npm start`'s demo mode.
 */
export async function replayAsNew(db: Db, count: number): Promise<number> {
  const questions = await db.question.findMany({
    where: { state: { in: ['ANSWERED', 'CORRECTED'] } },
    orderBy: [{ newlyAnsweredAt: 'asc' }, { id: 'asc' }],
    take: count,
    select: { id: true },
  });
  if (!questions.length) return 0;
  const now = new Date();
  await db.$transaction([
    db.questionEvent.createMany({ data: questions.map((q) => ({ questionId: q.id, kind: 'ANSWERED' as const, createdAt: now })) }),
    db.question.updateMany({ where: { id: { in: questions.map((q) => q.id) } }, data: { newlyAnsweredAt: now } }),
  ]);
  return questions.length;
}
