export { replayAsNew } from './demo-replay';
export { runCycle } from './run-cycle';
