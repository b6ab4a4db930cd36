import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error';

const hasNul = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 4 || typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return false;
  return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || hasNul(inner, depth + 1));
};

/**
 * preValidation hook for every route: a NUL anywhere in the path parameters, query string or form is a 400 before
 * any handler runs. PostgreSQL cannot store NUL in text, so without this it surfaced as a 500 after other writes.
 */
export async function rejectNulBytes(request: FastifyRequest): Promise<void> {
  if (hasNul(request.params) || hasNul(request.query) || hasNul(request.body)) throw new HttpError(400, 'That request contained a character we cannot accept.');
}

// Pages reached by a secret link: a shared or back-button cache must never keep them.
const TOKEN_PAGE = /^\/(?:confirm|manage|unsubscribe)\//;

/** onRequest hook: `Cache-Control: no-store` on every page reached by a token link, errors included. */
export async function noStoreForTokenPages(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (TOKEN_PAGE.test(request.url)) reply.header('cache-control', 'no-store');
}
