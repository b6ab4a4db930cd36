import type { FastifyReply } from 'fastify';
import { layout, type LayoutOptions } from '../views/layout';

/** Send a full HTML page with `status` (default 200). */
export function sendPage(reply: FastifyReply, options: LayoutOptions, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').send(layout(options));
}
