import { OWED } from './owed-sql';

// The reconciler's two statements on owed deliveries it has found by their ids. Both say owed as OWED, so that stale
// statistics (months of SENT rows, a fresh batch of owed ones) cannot send the planner through Delivery_pending_idx,
// reading every owed delivery to find the tick's (delivery-stale-stats.int.test.ts).

/** $1 the ids whose job is still queued or running, $2 the new lease's end: renews their lease. */
export const RENEW_LEASES = `UPDATE "Delivery" SET "dueAt" = $2 WHERE id = ANY($1::text[]) AND ${OWED}`;

/**
 * $1 the ids whose job is lost, $2 the dispatch number each was read with, $3 the new lease's end. The dispatch number
 * moves only from the value read, so a second reconciler at the same moment hands out nothing.
 */
export const HAND_OUT_AGAIN = `UPDATE "Delivery" d SET dispatches = d.dispatches + 1, "dueAt" = $3
  FROM unnest($1::text[], $2::int[]) AS u(id, dispatches)
  WHERE d.id = u.id AND d.dispatches = u.dispatches AND d.${OWED}
  RETURNING d.id, d.dispatches`;
