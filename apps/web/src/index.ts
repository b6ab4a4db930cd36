export { buildApp } from './app';
export type { AppDeps, RateLimits, WebConfig } from './deps';
export { startWeb } from './start-web';
export type { StartWebEnv } from './start-web';
export { loadWebEnv, adminSessionSecretFrom } from './env';
export type { WebEnv } from './env';
