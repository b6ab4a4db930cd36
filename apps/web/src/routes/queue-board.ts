import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../admin/current-admin';
import type { AppDeps } from '../deps';
import { HttpError } from '../http-error';
import { ADMIN_LOGIN, isPageRequest } from '../http/handle-error';
import { QUEUE_BOARD_CSP } from '../http/security-headers';

const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, behind the admin login, and read-only: its writes (retry, promote, clean, add a job)
 * would change what the mailer sends with no audit record, so every queue is in its read-only mode and any call but
 * GET or HEAD is refused (405) before it reaches the board. Admin actions that change things are the audited admin
 * pages (`/admin/deliveries` "Send again", …).
 */
export async function registerQueueBoard(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: deps.queues.all.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Parliament Alerts' } },
  });
  await app.register(async (board) => {
    // Its UI needs inline styles and <base href>: the one looser policy, for its pages alone.
    board.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', QUEUE_BOARD_CSP);
    });
    // Bull Board answers errors with its own JSON handler, so a missing session is answered here: its pages send
    // the visitor to the login form, its API says 401.
    const check = requireAdmin(deps);
    board.addHook('onRequest', async (request, reply) => {
      try {
        await check(request);
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode !== 401) throw error;
        if (!request.url.startsWith(`${QUEUE_BOARD_PATH}/api/`) && isPageRequest(request))
          return reply.redirect(ADMIN_LOGIN, 303);
        return reply.code(401).send({ error: 'Unauthorized', message: error.message });
      }
    });
    // Read-only whatever the board's own checks say (a route it adds later, a queue added without the option).
    board.addHook('onRequest', async (request, reply) => {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      return reply.code(405).header('allow', 'GET, HEAD').send({
        error: 'Method Not Allowed',
        message: 'The queue board is read-only: use the admin pages, which are audited.',
      });
    });
    await board.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
