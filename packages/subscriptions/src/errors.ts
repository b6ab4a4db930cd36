/** A coded domain error. Workers turn `permanent` ones into BullMQ's UnrecoverableError; the rest retry. */
export class PipelineError extends Error {
  constructor(
    readonly code:
      | 'INVALID_QUERY'
      | 'INVALID_LABEL'
      | 'INVALID_EMAIL'
      | 'INVALID_WEBHOOK'
      | 'OVER_LIMIT'
      | 'NOT_FOUND'
      | 'NOT_FOLLOWABLE'
      | 'RECIPIENT_SUPPRESSED'
      | 'SEND_PERMANENT'
      | 'SEND_TRANSIENT',
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'PipelineError';
  }
}
