import type { FastifyReply, FastifyRequest } from 'fastify';

// Pages reached by a secret link: a shared or back-button cache must never keep them.
const TOKEN_PAGE = /^\/(?:confirm|manage|unsubscribe)\//i;

/**
 * The path a rule about pages should judge: the pattern of the route that matched (`/manage/:token`), so however the
 * URL was spelled (`/%6danage/…`, which the router decodes and matches) the rule sees what will answer; for a URL no
 * route matched, its decoded path.
 */
export function pagePath(request: FastifyRequest): string {
  if (request.routeOptions.url) return request.routeOptions.url;
  const path = request.url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** onRequest hook: `Cache-Control: no-store` on every page reached by a token link, errors included. */
export async function noStoreForTokenPages(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (TOKEN_PAGE.test(pagePath(request))) reply.header('cache-control', 'no-store');
}
