import { ukToday } from '@alerts/sources';
import { FOLLOW_OVERDUE, type DeliverJob } from '@alerts/queue';
import type { RenderedEmail } from '@alerts/email';
import { composeFollowEmail } from '@alerts/composition';
import { LIVE_CLOCK } from '@alerts/composition';
import { loadFollowDeliveryState, type FollowProgress } from './follow-delivery-store';
import { FOLLOW_CORRECTION_WINDOW_DAYS } from '@alerts/subscriptions';
import { tokenLinks } from './delivery-config';
import type { SqlClient } from './delivery-store';
import type { DeliverDeps, DeliverOutcome } from './deliver';

type FollowJob = Extract<DeliverJob, { kind: 'FOLLOW' }>;

/** What a follow email needs from deliver(): the composed email and the record that moves the follow on. */
export type FollowCompose =
  | {
      status: 'compose';
      email: string;
      subscriberId: string;
      rendered: RenderedEmail;
      unsubscribeUrl: string;
      follow: FollowProgress;
    }
  | { status: 'already-sent' }
  | Extract<DeliverOutcome, { status: 'nothing-to-send' | 'skipped' }>;

/**
 * The follow-specific half of delivering a FOLLOW job, run under the subscriber's lock: load the follow and the
 * event, decide whether it is still due (may receive mail, not told of this event or a later one, event after
 * confirmation), and compose the email. deliver() sends it and records it with the follow's progress.
 * The still-waiting note (`eventId` FOLLOW_OVERDUE) is due while the still-waiting rule (overdue-note.ts) holds at today's UK date by the
 * reader's clock (config.clock): a question answered, or a note turned off, after the job was queued sends nothing.
 */
export async function composeFollowDelivery(
  deps: DeliverDeps,
  client: SqlClient,
  job: FollowJob,
  dedupeKey: string,
): Promise<FollowCompose> {
  const overdue = job.eventId === FOLLOW_OVERDUE;
  const state = await loadFollowDeliveryState(
    client,
    overdue
      ? { followId: job.followId, dedupeKey, overdue: { today: ukToday((deps.config.clock ?? LIVE_CLOCK).now()) } }
      : { followId: job.followId, dedupeKey, eventId: job.eventId },
  );
  if (state.alreadySent) return { status: 'already-sent' };
  if (!state.subscriber || !state.email || state.questionId === null)
    return { status: 'skipped', reason: 'follow no longer exists' };
  if (state.suppressed) return { status: 'skipped', reason: 'address is suppressed' };
  if (!state.event) return { status: 'skipped', reason: 'event is not on the followed question' };
  if (!state.due) return { status: 'nothing-to-send' };
  const links = tokenLinks(deps.config, state.subscriber);
  const rendered = await composeFollowEmail(deps, {
    questionId: state.questionId,
    event: state.event.kind,
    email: state.email,
    baseUrl: deps.config.baseUrl,
    manageUrl: links.manageUrl,
    unsubscribeUrl: links.unsubscribeUrl,
  });
  if (!rendered) return { status: 'skipped', reason: 'question no longer exists' };
  const common = {
    status: 'compose' as const,
    email: state.email,
    subscriberId: state.subscriber.id,
    rendered,
    unsubscribeUrl: links.unsubscribeUrl,
  };
  if (overdue) return { ...common, follow: { followId: job.followId, overdueNoted: true } };
  const kind = state.event.kind;
  const endsAt = kind === 'ANSWERED' ? new Date(Date.now() + FOLLOW_CORRECTION_WINDOW_DAYS * 86_400_000) : null;
  return {
    ...common,
    follow: {
      followId: job.followId,
      eventId: job.eventId,
      ends: kind === 'CORRECTED' || kind === 'WITHDRAWN',
      endsAt,
    },
  };
}
