import type { FastifyReply, FastifyRequest } from 'fastify';

// Pages reached by a secret link: a shared or back-button cache must never keep them.
const TOKEN_PAGE = /^\/(?:confirm|manage|unsubscribe)\//;

/** onRequest hook: `Cache-Control: no-store` on every page reached by a token link, errors included. */
export async function noStoreForTokenPages(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (TOKEN_PAGE.test(request.url)) reply.header('cache-control', 'no-store');
}
