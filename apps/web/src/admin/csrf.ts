import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebConfig } from '../deps';
import { HttpError } from '../http-error';
import { formField } from '../http/form-field';
import { hasAdmin } from './current-admin';
import { SESSION_COOKIE } from './session-cookie';

const CSRF_COOKIE = 'csrf';
export const CSRF_FIELD = '_csrf';

/**
 * The token admin forms repeat in a hidden field. With a session it is an HMAC of the session cookie, so it belongs
 * to that session: a planted cookie cannot make one up, and logout retires it. Before login (the login form) it is
 * a double-submit value: a random SameSite=Strict cookie the field must repeat.
 */
export function csrfToken(
  request: FastifyRequest,
  reply: FastifyReply,
  config: Pick<WebConfig, 'secureCookies' | 'sessionSecret'>,
): string {
  const session = request.cookies[SESSION_COOKIE];
  if (session && hasAdmin(request)) return sessionToken(config.sessionSecret, session);
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(CSRF_COOKIE, token, {
    path: '/admin',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
  });
  return token;
}

/** Throws 403 unless the form's token is the session's (logged in) or matches the cookie (login form). */
export function checkCsrf(request: FastifyRequest, sessionSecret: string): void {
  const session = request.cookies[SESSION_COOKIE];
  const expected = session && hasAdmin(request) ? sessionToken(sessionSecret, session) : request.cookies[CSRF_COOKIE];
  const field = formField(request.body, CSRF_FIELD);
  const ok =
    expected && field && expected.length === field.length && timingSafeEqual(Buffer.from(expected), Buffer.from(field));
  if (!ok)
    throw new HttpError(
      403,
      'This form has expired or did not come from this site. Go back, reload the page and try again.',
    );
}

const sessionToken = (secret: string, session: string) =>
  createHmac('sha256', secret).update(`admin-csrf:${session}`).digest('base64url');
