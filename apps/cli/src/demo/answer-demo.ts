import type { Db } from '@alerts/db';
import { createAnswerHold, createSampleSource, holdableAnswerIds, type QuestionSource } from '@alerts/sources';

/** How many sample answers demo mode holds back for following. */
const HELD_ANSWERS = 6;

export interface AnswerDemo {
  /** The sample as demo mode serves it: the held questions as they stood before their answer. */
  source: QuestionSource;
  /** Questions whose answer is held back: the ones to follow in the demo. */
  held(): number[];
  /**
   * Release the answers of held questions someone now follows (confirmed, not ended): the next ingest stores their
   * real answer, as it would arrive from the API, and the follow emails go out through the usual path.
   */
  releaseFollowed(): Promise<number[]>;
}

/**
 * Demo mode's "an answer arrives for a question you follow": a few answered sample questions are shown unanswered
 * (the API's tabled record of each) until someone follows one; then its real answer is ingested. Not held again:
 * a question already answered that someone still follows (a follow waiting out its correction window), so a
 * restart never tells a follower of the same answer twice.
 */
export async function createAnswerDemo(db: Db, count = HELD_ANSWERS): Promise<AnswerDemo> {
  const ids = holdableAnswerIds(count);
  const told = new Set(
    (
      await db.question.findMany({
        where: { id: { in: ids }, state: { not: 'UNANSWERED' }, follows: { some: { endedAt: null } } },
        select: { id: true },
      })
    ).map((q) => q.id),
  );
  const hold = createAnswerHold(ids.filter((id) => !told.has(id)));
  return {
    source: createSampleSource({ hold }),
    held: () => hold.held(),
    async releaseFollowed() {
      const followed = await db.follow.findMany({
        where: { questionId: { in: hold.held() }, confirmedAt: { not: null }, endedAt: null },
        select: { questionId: true },
        distinct: ['questionId'],
      });
      for (const { questionId } of followed) hold.release(questionId);
      return followed.map((f) => f.questionId);
    },
  };
}
