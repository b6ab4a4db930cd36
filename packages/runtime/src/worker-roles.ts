/**
 * The worker roles, each deployed as its own process (`npm start -w @alerts/<role>`) or all together in
 * `alerts start`. Their names are the `role` of every WorkerHeartbeat row: renaming one leaves the old rows to be
 * pruned and shows the role as having no live instance until its processes restart.
 */
export const WORKER_ROLES = ['scheduler', 'ingester', 'matcher', 'mailer'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];
