import { randomUUID } from 'node:crypto';
import type { Db } from '@alerts/db';
import { mailboxKey, normaliseEmail } from './email-address';
import { PipelineError } from './errors';
import { isFollowable } from './followable-states';
import { lockMailboxUnderCap, type PendingCap } from './pending-cap';

/** After the answer, a follow waits this long for a correction, then ends by itself. */
export const FOLLOW_CORRECTION_WINDOW_DAYS = 30;

export interface FollowQuestionInput {
  email: string;
  questionId: number;
  /** Skip double opt-in (operator imports, tests). Otherwise the follow waits for the confirmation link. */
  confirmed?: boolean;
  /** "Also tell me if it is not answered by its due date": one still-waiting note when it is overdue. Default false. */
  wantsOverdueNote?: boolean;
  now?: Date;
  /** The per-mailbox cap on unconfirmed sign-ups, shared with alerts (see lockMailboxUnderCap). */
  pendingCap?: PendingCap;
}

/**
 * Follow one question: "email me when this is answered". Saved unconfirmed unless `confirmed`; the confirmation
 * link that confirms a subscriber's alerts confirms their follows too (confirmSubscriber). Following the same
 * question again returns the follow already there.
 *
 * @throws PipelineError NOT_FOUND for an unknown question, NOT_FOLLOWABLE for one already answered or withdrawn,
 *         OVER_LIMIT when a new unconfirmed follow would pass `pendingCap` (nothing is stored).
 */
export async function followQuestion(db: Db, input: FollowQuestionInput) {
  const email = normaliseEmail(input.email);
  const now = input.now ?? new Date();
  const question = await db.question.findUnique({ where: { id: input.questionId }, select: { id: true, state: true } });
  if (!question) throw new PipelineError('NOT_FOUND', `no question with id ${input.questionId}`, true);
  if (!isFollowable(question.state)) {
    throw new PipelineError(
      'NOT_FOLLOWABLE',
      `question ${question.id} is ${question.state.toLowerCase()}: there is nothing left to wait for`,
      true,
    );
  }
  return db.$transaction(async (tx) => {
    const existing = await tx.follow.findFirst({ where: { questionId: question.id, subscriber: { email } } });
    // Asking again for a follow already there stores nothing new, so it is not held against the cap.
    const key = mailboxKey(email);
    await lockMailboxUnderCap(tx, { key, cap: input.confirmed || existing ? undefined : input.pendingCap, now });
    const subscriber = await tx.subscriber.upsert({
      where: { email },
      create: {
        email,
        mailbox: key,
        status: input.confirmed ? 'ACTIVE' : 'PENDING',
        confirmedAt: input.confirmed ? now : null,
      },
      update: input.confirmed ? { status: 'ACTIVE', confirmedAt: now } : {},
    });
    const wantsOverdueNote = input.wantsOverdueNote ?? false;
    let follow = await tx.follow.upsert({
      where: { subscriberId_questionId: { subscriberId: subscriber.id, questionId: question.id } },
      create: {
        id: `fol_${randomUUID().replace(/-/g, '')}`,
        subscriberId: subscriber.id,
        questionId: question.id,
        confirmedAt: input.confirmed ? now : null,
        wantsOverdueNote,
      },
      update: {},
    });
    // Asking again before confirming may change the answer to "also tell me if it is overdue". A confirmed follow
    // changes only from its manage page: the public form must not change what a stranger's address receives.
    if (follow.confirmedAt === null && follow.wantsOverdueNote !== wantsOverdueNote) {
      follow = await tx.follow.update({ where: { id: follow.id }, data: { wantsOverdueNote } });
    }
    return { subscriber, follow, needsConfirmation: follow.confirmedAt === null };
  });
}

/** Confirm every pending follow of a subscriber (part of the double opt-in). */
export async function confirmFollows(db: Pick<Db, 'follow'>, subscriberId: string, now = new Date()): Promise<number> {
  const { count } = await db.follow.updateMany({
    where: { subscriberId, confirmedAt: null },
    data: { confirmedAt: now },
  });
  return count;
}

/** Stop following: the follow is deleted. Only its own subscriber may (the caller checked the token). */
export async function unfollow(db: Db, input: { subscriberId: string; followId: string }): Promise<boolean> {
  const { count } = await db.follow.deleteMany({ where: { id: input.followId, subscriberId: input.subscriberId } });
  return count > 0;
}

/**
 * Turn the still-waiting note on or off for one follow (the manage page). Only its own subscriber may (the caller
 * checked the token). Once sent, the note is not sent again, whatever this says later.
 */
export async function setOverdueNote(
  db: Db,
  input: { subscriberId: string; followId: string; wanted: boolean },
): Promise<boolean> {
  const { count } = await db.follow.updateMany({
    where: { id: input.followId, subscriberId: input.subscriberId },
    data: { wantsOverdueNote: input.wanted },
  });
  return count > 0;
}

/** A subscriber's follows with their questions, newest first, for the manage page. */
export async function listFollows(db: Db, subscriberId: string) {
  return db.follow.findMany({
    where: { subscriberId },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      confirmedAt: true,
      endedAt: true,
      endsAt: true,
      createdAt: true,
      wantsOverdueNote: true,
      overdueNotedAt: true,
      question: {
        select: {
          id: true,
          uin: true,
          house: true,
          heading: true,
          questionText: true,
          state: true,
          dateForAnswer: true,
        },
      },
    },
  });
}
