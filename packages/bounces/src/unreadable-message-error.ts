/** Thrown by `parseBounce` for input that is not an email message at all (`code` `BOUNCE_UNREADABLE`). */
export class UnreadableMessageError extends Error {
  readonly code = 'BOUNCE_UNREADABLE';
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableMessageError';
  }
}
