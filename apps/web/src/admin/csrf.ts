import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error';
import { formField } from '../http/form-field';

export const CSRF_COOKIE = 'csrf';
export const CSRF_FIELD = '_csrf';

/**
 * Double-submit CSRF protection: a random value in a SameSite=Strict cookie that every admin form repeats in a
 * hidden field. Another site can make the browser post a form, but cannot read the cookie to fill in the field.
 */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(CSRF_COOKIE, token, { path: '/admin', httpOnly: true, sameSite: 'strict', secure });
  return token;
}

/** Throws 403 unless the form's token matches the cookie. */
export function checkCsrf(request: FastifyRequest): void {
  const cookie = request.cookies[CSRF_COOKIE];
  const field = formField(request.body, CSRF_FIELD);
  const ok = cookie && field && cookie.length === field.length && timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
  if (!ok) throw new HttpError(403, 'This form has expired or did not come from this site. Go back, reload the page and try again.');
}
