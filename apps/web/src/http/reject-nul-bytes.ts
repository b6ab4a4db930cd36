import type { FastifyRequest } from 'fastify';
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
  if (hasNul(request.params) || hasNul(request.query) || hasNul(request.body))
    throw new HttpError(400, 'That request contained a character we cannot accept.');
}
