// No imports: the mailer's sender thread loads this (through follow-delivery-store.ts and overdue-note.ts).

/** Questions one can follow: those still waiting for their (substantive) answer. */
const FOLLOWABLE_STATES = ['UNANSWERED', 'HOLDING'] as const;

/** Whether a question in `state` is still waiting for its answer, so can be followed. */
export function isFollowable(state: string): boolean {
  return (FOLLOWABLE_STATES as readonly string[]).includes(state);
}

/**
 * FOLLOWABLE_STATES as a SQL list for `state IN (…)`: constants, never input. Written into the SQL as it stands (not
 * as parameters), so PostgreSQL can use the partial index of waiting questions, "Question_waiting_idx", whose
 * predicate is this same list (packages/db/src/storage-settings.ts; a test keeps the two in step).
 */
export const FOLLOWABLE_STATES_SQL = FOLLOWABLE_STATES.map((state) => `'${state}'`).join(', ');
