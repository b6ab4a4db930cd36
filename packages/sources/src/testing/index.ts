export { recordedResponses, startFixtureApi } from './fixture-api';
export type { Fault, FixtureApi } from './fixture-api';
export { questionLifecycle } from './question-lifecycle';
