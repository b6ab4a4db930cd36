/**
 * The worker roles, each deployed as its own process (`npm start -w @alerts/<role>`) or all together in
 * `alerts start`. Their names are the `role` of every WorkerHeartbeat row: renaming one leaves the old rows to be
 * pruned and shows the role as having no live instance until its processes restart.
 */
export const WORKER_ROLES = ['scheduler', 'ingester', 'matcher', 'mailer'] as const;

/**
 * Roles a deployment may do without: the bouncer (bounces can come in by the SES webhook instead). The dashboard
 * lists one only once it has beaten, so a deployment without it sees no "No live bouncer" warning.
 */
export const OPTIONAL_WORKER_ROLES = ['bouncer'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number] | (typeof OPTIONAL_WORKER_ROLES)[number];
