export { parseBounce } from './parse-bounce';
export type { ParseBounceOptions } from './parse-bounce';
export type { BounceEntry } from './bounce-entry';
export { classifyBounce } from './classify-bounce';
export { readSesNotification } from './read-ses-notification';
export type { SesNotification } from './read-ses-notification';
export { UnreadableMessageError } from './unreadable-message-error';
