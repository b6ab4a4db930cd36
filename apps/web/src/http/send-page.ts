import type { FastifyReply } from 'fastify';
import { layout, type LayoutOptions } from '../views/layout';

declare module 'fastify' {
  interface FastifyInstance {
    /** The line every page shows above its content, or null (buildApp: demo mode's statement of its clock). */
    pageBanner?: () => string | null;
  }
}

/** Send a full HTML page with `status` (default 200), under the app's banner if it has one. */
export function sendPage(reply: FastifyReply, options: LayoutOptions, status = 200) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(layout({ banner: reply.server.pageBanner?.() ?? null, ...options }));
}
