import type { FastifyInstance } from 'fastify';
import { SESSION_SECONDS } from '../admin/session-cookie';
import { sendPage } from '../http/send-page';
import { aboutPage } from '../views/about-page';
import { helpPage } from '../views/help-page';
import { privacyPage } from '../views/privacy-page';
import { VOTER_COOKIE_DAYS } from './vote';

/**
 * `/about`, `/privacy` and `/help`, linked from every page's footer. They hold no data of their own: each page is
 * built once, when the app is, from the code's own constants (privacy) and the query language's own parser and
 * evaluator (help), so what they say is what the service does.
 */
export function registerInfoPages(app: FastifyInstance): void {
  const pages = {
    '/about': { title: 'About', body: aboutPage() },
    '/privacy': {
      title: 'Privacy',
      body: privacyPage({ voterCookieDays: VOTER_COOKIE_DAYS, adminSessionHours: SESSION_SECONDS / 3600 }),
    },
    '/help': { title: 'How to write a query', body: helpPage() },
  };
  for (const [url, page] of Object.entries(pages)) app.get(url, async (_request, reply) => sendPage(reply, page));
}
