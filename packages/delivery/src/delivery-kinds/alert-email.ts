import { composeAlertEmail } from '@alerts/composition';
import type { DeliverDeps } from '../deliver';
import type { SqlClient } from '../delivery-store';
import { memberNamesOf } from '@alerts/composition';
import type { JobOf, PlannedRow, Prepared } from './delivery-kind';
import { emailTo, isRecipient, loadRecipient } from './recipient';

/**
 * An email of an alert's matches (IMMEDIATE or DIGEST): it claims, on its first attempt, every undelivered,
 * unclaimed match of its frequency on the subscriber's email alerts that may receive mail (a match job's immediate
 * email was planned with its matches claimed already), and carries exactly those on every attempt. Never empty.
 */
export async function prepareAlertEmail(
  deps: DeliverDeps,
  client: SqlClient,
  job: JobOf<'IMMEDIATE' | 'DIGEST'>,
  row: PlannedRow,
  options: { feedbackKind: string },
): Promise<Prepared> {
  const recipient = await loadRecipient(deps, client, job, row);
  if (!isRecipient(recipient)) return recipient;
  const { state, email, links } = recipient;
  if (!state.subscriber || state.subscriber.status !== 'ACTIVE' || !links)
    return { status: 'skipped', reason: 'subscriber is not active' };
  if (!state.matches.length) return { status: 'nothing-to-send' };
  const memberNames = await memberNamesOf(
    deps.db,
    state.matches.map((m) => m.query),
  );
  const rendered = await composeAlertEmail(deps, {
    kind: job.kind,
    email,
    manageUrl: links.manageUrl,
    unsubscribeUrl: links.unsubscribeUrl,
    matches: state.matches,
    memberNames,
  });
  return emailTo(deps, job, row, recipient, {
    rendered,
    feedbackKind: options.feedbackKind,
    matches: state.matches,
  });
}
