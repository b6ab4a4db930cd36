import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';

/** /healthz: the process answers. /readyz: it can reach PostgreSQL and Redis, so a load balancer may send traffic. */
export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const check = async (work: () => Promise<unknown>) => {
      try {
        await work();
        return 'ok';
      } catch {
        return 'unavailable';
      }
    };
    const [database, redis] = await Promise.all([
      check(() => deps.db.$queryRaw`SELECT 1`),
      check(() => deps.redis.ping()),
    ]);
    const ready = database === 'ok' && redis === 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', database, redis });
  });
}
