import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../admin/current-admin';
import type { AppDeps } from '../deps';
import { HttpError } from '../http-error';
import { ADMIN_LOGIN, isPageRequest } from '../http/handle-error';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** Bull Board at /admin/queues, behind the admin login (its API can retry and delete jobs). */
export async function registerQueueBoard(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: deps.queues.all.map((queue) => new BullMQAdapter(queue)), serverAdapter, options: { uiConfig: { boardTitle: 'Parliament Alerts' } } });
  await app.register(async (board) => {
    // Bull Board answers errors with its own JSON handler, so a missing session is answered here: its pages send
    // the visitor to the login form, its API says 401.
    const check = requireAdmin(deps);
    board.addHook('onRequest', async (request, reply) => {
      try {
        await check(request);
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode !== 401) throw error;
        if (!request.url.startsWith(`${QUEUE_BOARD_PATH}/api/`) && isPageRequest(request)) return reply.redirect(ADMIN_LOGIN, 303);
        return reply.code(401).send({ error: 'Unauthorized', message: error.message });
      }
    });
    // Bull Board's own UI sends no CSRF token, but a browser always sends Origin with its fetch PUT/POST/DELETE:
    // a state-changing call must come from our own origin (another site's form or fetch carries its own).
    const origin = new URL(deps.config.baseUrl).origin;
    board.addHook('onRequest', async (request) => {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      if (request.headers.origin !== origin) throw new HttpError(403, 'Queue actions must come from this site.');
    });
    await board.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
