export { startMatcher } from './start-matcher';
export type { MatcherOptions } from './start-matcher';
export { startMatcherRole } from './matcher-role';
