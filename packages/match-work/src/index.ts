export { MATCH_CURSOR, dispatchMatchJobs, finishMatchWork } from './dispatch-match-jobs';
export { matchAndPlan } from './match-and-plan';
export { runMatchJob } from './run-match-job';
