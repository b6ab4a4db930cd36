export { startMatcher } from './start-matcher';
export type { MatcherOptions } from './start-matcher';
