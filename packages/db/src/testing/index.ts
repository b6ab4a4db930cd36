export { createTestDatabase } from './create-test-database';
export type { TestDatabase } from './create-test-database';
