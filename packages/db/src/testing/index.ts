export { createTestDatabase } from './create-test-database';
export type { TestDatabase } from './create-test-database';
export { createBenchDatabase } from './create-bench-database';
export type { BenchDatabase } from './create-bench-database';
export { matchItems } from './match-items';
export type { MatchItem } from './match-items';
