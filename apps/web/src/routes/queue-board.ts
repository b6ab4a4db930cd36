import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../admin/current-admin';
import type { AppDeps } from '../deps';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** Bull Board at /admin/queues, behind the admin login (its API can retry and delete jobs). */
export async function registerQueueBoard(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: deps.queues.all.map((queue) => new BullMQAdapter(queue)), serverAdapter, options: { uiConfig: { boardTitle: 'Parliament Alerts' } } });
  await app.register(async (board) => {
    board.addHook('onRequest', requireAdmin(deps));
    await board.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
