/**
 * "This row is owed", for statements that find a Delivery by its id. Written on the status as text so that it does
 * not match Delivery_pending_idx's predicate ("status = 'PENDING'"): when the table's statistics say nothing is owed
 * (months of SENT rows, then a batch of owed ones too small a share for autovacuum to analyse again), the planner
 * otherwise scans every owed delivery through that index to find one id (delivery-stale-stats.int.test.ts).
 */
export const OWED = `status::text = 'PENDING'`;
