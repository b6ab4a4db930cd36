import type { FastifyInstance } from 'fastify';
import { ALERT_FORM_JS } from '../views/alert-form-js';
import { MEMBER_SEARCH_JS } from '../views/member-search-js';
import { SITE_CSS } from '../views/site-css';

/** A portcullis-green speech mark: the tab icon. SVG, so one small file serves every size. */
const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#12403c"/><path d="M8 9h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z" fill="#fff"/><path d="M11 13h10M11 17h7" stroke="#0b6e4f" stroke-width="2" stroke-linecap="round"/></svg>`;

export function registerAssets(app: FastifyInstance): void {
  app.get('/favicon.svg', async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON_SVG),
  );
  // Browsers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', async (_request, reply) => reply.redirect('/favicon.svg', 301));
  app.get('/assets/site.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SITE_CSS),
  );
  app.get('/assets/member-search.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(MEMBER_SEARCH_JS),
  );
  app.get('/assets/alert-form.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(ALERT_FORM_JS),
  );
}
