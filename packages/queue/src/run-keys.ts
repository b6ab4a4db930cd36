import { randomUUID } from 'node:crypto';
import { FOLLOW_OVERDUE, type DeliverJob, type MatchJob } from './jobs';

/**
 * Every delivery job the system makes, with its run key: nothing outside this package builds one, so the identity
 * of a piece of work is decided in one place.
 *
 * WARNING: as with job ids, changing a run key's format lets work already queued or sent be enqueued again.
 */
export const deliverJobs = {
  /**
   * An immediate alert, keyed by the newest undelivered match it was enqueued for. Match ids are unique, so two
   * match jobs (partitions) that gave one subscriber new matches enqueue two jobs, never one that hides the other;
   * and a match inserted after an earlier email was sent always gets a job id that was never used.
   */
  immediate: (subscriberId: string, newestMatchId: bigint | string): DeliverJob => ({
    kind: 'IMMEDIATE',
    subscriberId,
    runKey: `m${newestMatchId}`,
  }),
  /**
   * The immediate alert a match job plans for a subscriber: keyed by the job's event range and partition, so the
   * job's matches can be inserted already claimed by it, and a retried job means the same email.
   */
  immediateFromMatchJob: (
    subscriberId: string,
    job: Pick<MatchJob, 'fromEventId' | 'toEventId' | 'partition' | 'partitions'>,
  ): DeliverJob => ({
    kind: 'IMMEDIATE',
    subscriberId,
    runKey: `e${job.fromEventId}-${job.toEventId}.p${job.partition}of${job.partitions}`,
  }),
  /** One subscriber's share of a daily or weekly run (runKey from {@link digestRunKey} or {@link flushRunKey}). */
  digest: (subscriberId: string, frequency: 'DAILY' | 'WEEKLY', runKey: string): DeliverJob => ({
    kind: 'DIGEST',
    subscriberId,
    frequency,
    runKey,
  }),
  /** The double opt-in email for a new alert: one per alert saved, however often the save is retried. */
  confirmation: (subscriberId: string, subscriptionId: string): DeliverJob => ({
    kind: 'CONFIRMATION',
    subscriberId,
    runKey: subscriptionId,
  }),
  /** The confirmation email again, on request (an admin's "resend"): a new job each time. */
  resendConfirmation: (subscriberId: string): DeliverJob => ({
    kind: 'CONFIRMATION',
    subscriberId,
    runKey: `resend-${randomUUID()}`,
  }),
  /**
   * "You have unsubscribed": one per unsubscribe. It carries no address: the subscriber is gone, so the address is
   * written on its Delivery row only (planGoodbye in @alerts/delivery), and erased there once the goodbye is final.
   */
  goodbye: (subscriberId: string): DeliverJob => ({ kind: 'GOODBYE', subscriberId, runKey: `bye-${randomUUID()}` }),
  /**
   * One email to a follower about one event (holding answer, answer, correction, withdrawal) on the question they
   * follow: keyed by follow and event, so however often the ingester's dispatch finds it, it is one job and one
   * Delivery row. With `FOLLOW_OVERDUE` for the event, the one "still waiting" note, keyed `<follow>.overdue`: two
   * ingesters, or every tick until it is sent, make one job.
   */
  follow: (subscriberId: string, followId: string, eventId: bigint | string): DeliverJob =>
    eventId === FOLLOW_OVERDUE
      ? { kind: 'FOLLOW', subscriberId, followId, eventId: FOLLOW_OVERDUE, runKey: `${followId}.${FOLLOW_OVERDUE}` }
      : { kind: 'FOLLOW', subscriberId, followId, eventId: String(eventId), runKey: `${followId}.e${eventId}` },
  /**
   * "Email me my manage link": one email per request (the ManageLinkRequest row's id is its run key), however often
   * the web request or the reconciler plans it.
   */
  manageLink: (subscriberId: string, requestId: string): DeliverJob => ({
    kind: 'MANAGE_LINK',
    subscriberId,
    runKey: requestId,
  }),
  /**
   * A webhook alert's matches from one match job: keyed, as the email's (immediateFromMatchJob), by the job's event
   * range and partition, so a retried job plans the same POST.
   */
  webhookFromMatchJob: (
    subscriberId: string,
    subscriptionId: string,
    job: Pick<MatchJob, 'fromEventId' | 'toEventId' | 'partition' | 'partitions'>,
  ): DeliverJob => ({
    kind: 'WEBHOOK',
    subscriberId,
    subscriptionId,
    runKey: `${subscriptionId}.e${job.fromEventId}-${job.toEventId}.p${job.partition}of${job.partitions}`,
  }),
  /** A webhook alert's matches the sweep found unannounced: keyed by the newest of them, as deliverJobs.immediate. */
  webhook: (subscriberId: string, subscriptionId: string, newestMatchId: bigint | string): DeliverJob => ({
    kind: 'WEBHOOK',
    subscriberId,
    subscriptionId,
    runKey: `${subscriptionId}.m${newestMatchId}`,
  }),
  /** "Your webhook was disabled": one per time it was disabled (the moment is the key). */
  webhookDisabled: (subscriberId: string, subscriptionId: string, disabledAt: Date): DeliverJob => ({
    kind: 'WEBHOOK_DISABLED',
    subscriberId,
    subscriptionId,
    runKey: `${subscriptionId}.off${disabledAt.getTime()}`,
  }),
  /** The double opt-in email for a new follow: one per follow saved (the follow's id is its run key). */
  followConfirmation: (subscriberId: string, followId: string): DeliverJob => ({
    kind: 'CONFIRMATION',
    subscriberId,
    runKey: followId,
  }),
};

/**
 * The run key of a daily digest (the local date in `timeZone`) or a weekly one (the ISO week of that date, e.g.
 * 2026-W48). Two schedulers ticking for the same day make the same key, hence one run.
 */
export function digestRunKey(
  frequency: 'DAILY' | 'WEEKLY',
  now: Date = new Date(),
  timeZone = 'Europe/London',
): string {
  const localDate = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  if (frequency === 'DAILY') return localDate;
  const d = new Date(`${localDate}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - day + 3); // the Thursday of this week decides the ISO year
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week =
    1 +
    Math.round(((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** An operator's "send every pending digest now" (`alerts run-once --flush`): a run of its own, never a scheduled one's. */
export function flushRunKey(frequency: 'DAILY' | 'WEEKLY', now: Date = new Date(), timeZone?: string): string {
  return `${digestRunKey(frequency, now, timeZone)}.flush${now.getTime()}`;
}
