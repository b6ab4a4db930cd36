export { parseBounce } from './parse-bounce';
export type { BounceEntry } from './bounce-entry';
export { classifyBounce } from './classify-bounce';
export { UnreadableMessageError } from './unreadable-message-error';
