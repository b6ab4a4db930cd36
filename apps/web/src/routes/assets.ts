import type { FastifyInstance } from 'fastify';
import { ALERT_FORM_JS } from '../views/alert-form-js';
import { SITE_CSS } from '../views/site-css';

export function registerAssets(app: FastifyInstance): void {
  app.get('/assets/site.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SITE_CSS));
  app.get('/assets/alert-form.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(ALERT_FORM_JS));
}
