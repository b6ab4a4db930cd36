/** An error with the HTTP status and a message safe to show the visitor; the app's error handler renders it. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what = 'page') => new HttpError(404, `We could not find that ${what}.`);
