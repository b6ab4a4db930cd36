import { PipelineError } from '@alerts/subscriptions';
import { TokenError } from '@alerts/tokens';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error';
import { html } from '../views/html';
import { pagePath } from './no-store-for-token-pages';
import { sendPage } from './send-page';

const TOKEN_STATUS: Record<TokenError['code'], number> = {
  TOKEN_MALFORMED: 400,
  TOKEN_BAD_SIGNATURE: 400,
  TOKEN_WRONG_PURPOSE: 400,
  TOKEN_EXPIRED: 410,
};

const PIPELINE_STATUS: Partial<Record<PipelineError['code'], number>> = {
  INVALID_QUERY: 400,
  INVALID_LABEL: 400,
  INVALID_EMAIL: 400,
  NOT_FOUND: 404,
  NOT_FOLLOWABLE: 409,
};

/** The one place coded errors become status codes (STYLE.md §12); visitors see a short page, never a stack. */
function statusAndMessage(error: unknown): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.statusCode, message: error.message };
  if (error instanceof TokenError) {
    const message =
      error.code === 'TOKEN_EXPIRED'
        ? 'This link has expired. Ask for a new one from your latest email.'
        : 'This link is not valid. Check that you copied all of it.';
    return { status: TOKEN_STATUS[error.code], message };
  }
  if (error instanceof PipelineError && PIPELINE_STATUS[error.code])
    return { status: PIPELINE_STATUS[error.code]!, message: error.message };
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    if (status === 413) return { status, message: 'That request was too large.' };
    if (status === 429) return { status, message: 'Too many requests. Please wait a while and try again.' };
    return { status, message: 'That request was not valid.' };
  }
  return { status: 500, message: 'Something went wrong on our side. Please try again later.' };
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, message } = statusAndMessage(error);
  // A visitor who opens an admin page without a session is sent to the login form, not shown an error.
  if (status === 401 && request.url.startsWith('/admin') && isPageRequest(request))
    return reply.redirect(ADMIN_LOGIN, 303);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  const title = status === 404 ? 'Not found' : status >= 500 ? 'Error' : 'Sorry';
  // A manage link that has expired, been replaced or gone: the way to a new one.
  const newLink = /^\/manage\/./.test(pagePath(request)) && status >= 400 && status < 500;
  return sendPage(
    reply,
    {
      title,
      body: html`<h1>${title}</h1><p class="error" role="alert">${message}</p>${status === 401 ? html`<p><a href="/admin/login">Log in</a></p>` : ''}${newLink ? html`<p><a href="/manage">Email me a new manage link</a></p>` : ''}<p><a href="/">Home</a></p>`,
    },
    status,
  );
}

export const ADMIN_LOGIN = '/admin/login';

/** A browser opening a page (GET, asking for HTML), as opposed to a form post or an API call. */
export function isPageRequest(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') && /text\/html|\*\/\*/.test(request.headers.accept ?? '*/*')
  );
}

export function handleNotFound(_request: FastifyRequest, reply: FastifyReply) {
  return sendPage(
    reply,
    {
      title: 'Not found',
      body: html`<h1>Not found</h1><p>We could not find that page.</p><p><a href="/">Home</a></p>`,
    },
    404,
  );
}
