import { sqlPoolOf } from '@alerts/db';
import {
  createDevMailboxTransport,
  createRenderer,
  listMailbox,
  readMailboxMessage,
  type MailTransport,
  type StoredMessage,
} from '@alerts/email';
import { createQuestionCardsCache } from '@alerts/composition';
import { createSubscriberLocks, DEFAULT_RETRY_POLICY, deliverPlanned, type DeliverDeps } from '@alerts/delivery';
import { createSendAndRecord } from '@alerts/send-and-record';
import { BASE_URL, type TestContext } from '../test-app';

export interface DeliveredJob {
  jobId: string;
  kind: string;
  /** The outcome's status, or the error's message when delivery threw. */
  result: string;
  failed: boolean;
}

let renderer: Awaited<ReturnType<typeof createRenderer>> | undefined;

/**
 * The mailer's `deliver` with a dev-mailbox transport writing into the test's mailbox folder (or `transport`). Close
 * `locks` after.
 */
export async function deliverDeps(
  ctx: TestContext,
  transport: MailTransport = createDevMailboxTransport({ dir: ctx.mailboxDir }),
): Promise<DeliverDeps> {
  renderer ??= await createRenderer();
  return {
    db: ctx.db,
    locks: createSubscriberLocks({ databaseUrl: ctx.databaseUrl, connections: 2 }),
    renderer,
    sendAndRecord: createSendAndRecord(transport, sqlPoolOf(ctx.db)),
    cards: createQuestionCardsCache(ctx.db),
    config: {
      baseUrl: BASE_URL,
      from: { name: 'Parliament Alerts', address: 'alerts@alerts.test' },
      messageIdDomain: 'alerts.test',
      signer: ctx.signer,
      retry: DEFAULT_RETRY_POLICY,
    },
  };
}

/**
 * Run every waiting deliver job through the real `deliver`, as the mailer would, and remove it from the queue.
 * Errors are reported, not thrown: the tests assert which jobs failed.
 */
export async function deliverQueued(ctx: TestContext): Promise<DeliveredJob[]> {
  const deps = await deliverDeps(ctx);
  const jobs = await ctx.queues.deliver.getJobs(['waiting', 'prioritized', 'delayed']);
  const results: DeliveredJob[] = [];
  for (const job of jobs.sort((a, b) => a.timestamp - b.timestamp)) {
    // A job names a planned Delivery row; its kind is on the row.
    const kind =
      (await ctx.db.delivery.findUnique({ where: { id: job.data.deliveryId }, select: { kind: true } }))?.kind ??
      'unknown';
    try {
      const outcome = await deliverPlanned(deps, job.data.deliveryId);
      results.push({ jobId: job.id!, kind, result: outcome.status, failed: false });
    } catch (error) {
      results.push({ jobId: job.id!, kind, result: String((error as Error).message ?? error), failed: true });
    }
    await job.remove();
  }
  await deps.locks.close();
  return results;
}

/** Every message in the test's dev mailbox, oldest first. */
export async function mailbox(ctx: TestContext): Promise<StoredMessage[]> {
  const entries = await listMailbox(ctx.mailboxDir);
  const messages = await Promise.all(entries.map((e) => readMailboxMessage(ctx.mailboxDir, e.id)));
  return messages.flatMap((m) => (m ? [m] : [])).reverse();
}

/** The first link in a message's text part that starts with `${BASE_URL}${prefix}`, as a path. */
export function linkIn(message: StoredMessage, prefix: string): string {
  const match = message.text.match(new RegExp(`${BASE_URL.replace(/\./g, '\\.')}(${prefix}[^\\s<>")\\]]*)`));
  if (!match) throw new Error(`no ${prefix} link in "${message.subject}"`);
  return match[1]!;
}
