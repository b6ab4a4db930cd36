import type { RenderedEmail } from '@alerts/email';
import type { DeliverJob } from '@alerts/queue';
import type { DeliverDeps } from '../deliver';
import { carried, loadDeliveryState, type DeliveryState, type SqlClient } from '../delivery-store';
import { tokenLinks } from '../delivery-config';
import type { PlannedRow, Prepared } from './delivery-kind';

/** A subscriber's email, loaded: its state (the subscriber is null for a goodbye), where it goes, their links. */
export interface Recipient {
  state: DeliveryState;
  email: string;
  links: ReturnType<typeof tokenLinks> | null;
}

/**
 * The start every email to a subscriber shares: the row's state and, for a kind with a frequency, the matches it carries
 * (claimed on its first attempt, exactly those on every later one); a sent row, a subscriber gone or an address
 * suppressed stop here.
 */
export async function loadRecipient(
  deps: DeliverDeps,
  client: SqlClient,
  job: DeliverJob,
  row: PlannedRow,
  options: { goodbyeEmail?: string | null } = {},
): Promise<Recipient | Exclude<Prepared, { status: 'send' }>> {
  const state = await loadDeliveryState(client, {
    subscriberId: job.subscriberId,
    deliveryId: row.deliveryId,
    frequency: row.frequency,
    goodbyeEmail: options.goodbyeEmail ?? null,
  });
  if (state.alreadySent) return { status: 'already-sent' };
  if (!state.email) return { status: 'skipped', reason: 'subscriber no longer exists' };
  if (state.suppressed) return { status: 'skipped', reason: 'address is suppressed' };
  return { state, email: state.email, links: state.subscriber ? tokenLinks(deps.config, state.subscriber) : null };
}

export const isRecipient = (loaded: Recipient | Exclude<Prepared, { status: 'send' }>): loaded is Recipient =>
  !('status' in loaded);

/** A recipient whose subscriber still exists, so their manage and unsubscribe links can be made. */
export type SubscriberRecipient = Recipient & {
  state: DeliveryState & { subscriber: NonNullable<DeliveryState['subscriber']> };
  links: NonNullable<Recipient['links']>;
};

/**
 * `loadRecipient` for the emails that only a subscriber still here may get (confirmation, manage link, a webhook's
 * notice): anything else stops with the same outcome.
 */
export async function loadSubscriberRecipient(
  deps: DeliverDeps,
  client: SqlClient,
  job: DeliverJob,
  row: PlannedRow,
): Promise<SubscriberRecipient | Exclude<Prepared, { status: 'send' }>> {
  const recipient = await loadRecipient(deps, client, job, row);
  if (!isRecipient(recipient)) return recipient;
  if (!recipient.state.subscriber || !recipient.links)
    return { status: 'skipped', reason: 'subscriber no longer exists' };
  return recipient as SubscriberRecipient;
}

/**
 * The email to send to a loaded recipient, and its record: the matches it carries are marked delivered, and those it
 * had claimed but may no longer send (their alert paused since) released, in the statement that records it SENT.
 */
export function emailTo(
  deps: DeliverDeps,
  job: DeliverJob,
  row: PlannedRow,
  recipient: Recipient,
  email: { rendered: RenderedEmail; feedbackKind: string; matches?: readonly { id: string }[] },
): Prepared {
  const { state, links } = recipient;
  const releaseIds = state.unsendable;
  // A goodbye's subscriber is gone; their unsubscribe link still answers one-click with 200 (issue #14).
  const unsubscribeUrl = (links ?? tokenLinks(deps.config, { id: job.subscriberId, tokenVersion: 0 })).unsubscribeUrl;
  return {
    status: 'send',
    message: { channel: 'email', rendered: email.rendered, unsubscribeUrl, feedbackKind: email.feedbackKind },
    record: {
      deliveryId: row.deliveryId,
      dedupeKey: row.dedupeKey,
      subscriberId: state.subscriber?.id ?? null,
      email: recipient.email,
      kind: job.kind,
      frequency: row.frequency,
      ...carried(email.matches ?? []),
      ...(releaseIds.length ? { releaseIds } : {}),
    },
  };
}
