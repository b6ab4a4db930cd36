export { startBouncer } from './start-bouncer';
export type { BouncerOptions } from './start-bouncer';
export { startBouncerRole } from './bouncer-role';
export type { BouncerRoleEnv } from './bouncer-role';
export { bouncerEnvShape } from './env';
export type { BouncerEnv } from './env';
