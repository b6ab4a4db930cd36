export { startIngester } from './start-ingester';
export type { IngesterOptions } from './start-ingester';
export { startIngesterRole } from './ingester-role';
export type { IngesterRoleEnv } from './ingester-role';
