import type { Db } from '@alerts/db';
import { MATCH_CURSOR } from '@alerts/match-work';
import type { Queues } from '@alerts/queue';
import { waitFor } from './role-process';

/**
 * What is still owed, in words for a failure message: events not yet handed to the matchers, match ranges not done,
 * digest runs not planned, ingest runs still running, emails not final (PENDING), and, given the queues, jobs still
 * queued or running (reconcile ticks aside). Empty when no process has anything left to send: every email the work
 * so far owes has been accepted by the SMTP server, a resent duplicate included (a row is final only once sent).
 */
async function owedWork(
  db: Db,
  queues?: Pick<Queues, 'ingest' | 'matchQueues' | 'digest' | 'deliver'>,
): Promise<string[]> {
  const [cursor, lastEvent, matchWork, digestRuns, ingestRuns, deliveries] = await Promise.all([
    db.eventCursor.findUnique({ where: { name: MATCH_CURSOR }, select: { position: true } }),
    db.questionEvent.aggregate({ _max: { id: true } }),
    db.matchWork.count(),
    db.digestRun.count({ where: { plannedAt: null } }),
    db.ingestRun.count({ where: { status: 'RUNNING' } }),
    db.delivery.count({ where: { status: 'PENDING' } }),
  ]);
  const owed: string[] = [];
  const undispatched = (lastEvent._max.id ?? 0n) - (cursor?.position ?? 0n);
  if (undispatched > 0n) owed.push(`${undispatched} event(s) not dispatched`);
  if (matchWork) owed.push(`${matchWork} match range(s) not done`);
  if (digestRuns) owed.push(`${digestRuns} digest run(s) not planned`);
  if (ingestRuns) owed.push(`${ingestRuns} ingest run(s) running`);
  if (deliveries) owed.push(`${deliveries} delivery(ies) pending`);
  if (queues) {
    for (const queue of [queues.ingest, ...queues.matchQueues(), queues.digest, queues.deliver]) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const jobs = Object.values(counts).reduce((sum, n) => sum + n, 0);
      if (jobs) owed.push(`${jobs} job(s) queued or running on ${queue.name}`);
    }
  }
  return owed;
}

/**
 * Wait until {@link owedWork} is empty: what a test waits for, rather than sleeping "long enough", before it
 * asserts that nothing more (no duplicate, no late email) arrives. Fails after `timeoutMs`, saying what is owed.
 */
export async function waitForLedgerSettled(
  db: Db,
  options: { timeoutMs: number; queues?: Pick<Queues, 'ingest' | 'matchQueues' | 'digest' | 'deliver'> },
): Promise<void> {
  let owed: string[] = [];
  await waitFor(async () => ((owed = await owedWork(db, options.queues)).length ? undefined : true), {
    timeoutMs: options.timeoutMs,
    describe: () => `the ledger still owes: ${owed.join(', ')}`,
  });
}
