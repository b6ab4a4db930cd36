import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../admin/current-admin';
import { HttpError } from '../http-error';
import type { AppDeps } from '../deps';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** Bull Board at /admin/queues, behind the admin login (its API can retry and delete jobs). */
export async function registerQueueBoard(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: deps.queues.all.map((queue) => new BullMQAdapter(queue)), serverAdapter, options: { uiConfig: { boardTitle: 'Parliament Alerts' } } });
  await app.register(async (board) => {
    board.addHook('onRequest', requireAdmin(deps));
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
