import type { Db } from '../create-db';
import type { Prisma } from '../generated/prisma/client';

/** One match as tests think of it: a question matched for an alert, with the row (Match) that holds it. */
export interface MatchItem {
  /** The Match row's id, shared by the questions it holds. */
  id: bigint;
  subscriptionId: string;
  questionId: number;
  asked: boolean;
  eventId: bigint | null;
  createdAt: Date;
  deliveredAt: Date | null;
  deliveryId: string | null;
}

/**
 * The matches of the rows `where` selects, one per question (a Match row holds a batch's questions for one alert),
 * in row order then the row's own order.
 */
export async function matchItems(db: Db, where: Prisma.MatchWhereInput = {}): Promise<MatchItem[]> {
  const rows = await db.match.findMany({ where, orderBy: { id: 'asc' } });
  return rows.flatMap(({ questionIds, ...row }) => questionIds.map((questionId) => ({ ...row, questionId })));
}
