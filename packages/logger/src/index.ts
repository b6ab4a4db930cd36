export { createLogger, redactText } from './create-logger';
export type { Logger } from './create-logger';
