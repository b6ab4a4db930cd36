export { createRuntime } from './create-runtime';
export type { Runtime } from './create-runtime';
export { onShutdown } from './on-shutdown';
