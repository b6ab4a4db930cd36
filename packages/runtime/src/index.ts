export { createRuntime } from './create-runtime';
export type { Runtime } from './create-runtime';
export { logWorkerEvents } from './log-worker-events';
export { onShutdown } from './on-shutdown';
export { runProcess } from './run-process';
