import { sqlPoolOf } from '@alerts/db';
import { loadRecentMatches } from '@alerts/delivery';
import { validateQuery } from '@alerts/matching';
import { describeWithNames } from '@alerts/composition';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { HttpError } from '../http-error';
import { entityTag, noneMatchHits } from './entity-tag';
import { escapeHtml } from '../views/html';

const ENTRIES = 50;

/**
 * `/feeds/:token`: an Atom feed of one alert's matches, for people who prefer a feed reader to email. The token
 * (purpose "feed", subject = subscription id) never expires but dies with the subscriber's tokenVersion.
 */
export function registerFeedRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { token: string } }>('/feeds/:token', async (request, reply) => {
    const claims = deps.signer.verify(request.params.token, 'feed');
    const subscription = await deps.db.subscription.findUnique({
      where: { id: claims.subject },
      include: { subscriber: true },
    });
    if (!subscription) throw new HttpError(404, 'This alert no longer exists.');
    if (subscription.subscriber.tokenVersion !== claims.version)
      throw new HttpError(410, 'This feed address has been replaced.');
    const recent = await loadRecentMatches(sqlPoolOf(deps.db), subscription.id, ENTRIES);
    // Match.questionId is not a foreign key (see the schema), so the questions are read by id; none is ever deleted,
    // but a match whose question is missing is left out rather than failing the feed.
    const questions = await deps.db.question.findMany({ where: { id: { in: recent.map((m) => m.questionId) } } });
    const byId = new Map(questions.map((q) => [q.id, q]));
    const matches = recent.flatMap((m) => {
      const question = byId.get(m.questionId);
      return question ? [{ ...m, question }] : [];
    });
    const base = deps.config.baseUrl;
    const self = `${base}/feeds/${request.params.token}`;
    const checked = validateQuery(subscription.query);
    const title =
      subscription.label ??
      (checked.ok ? await describeWithNames(deps.db, checked.query, subscription.query) : subscription.query);
    const updated = (matches[0]?.createdAt ?? subscription.createdAt).toISOString();
    const entries = matches.map((m) => {
      const q = m.question;
      const link = `${base}/questions/${q.id}`;
      // An alert with includeTabled has an entry for the asking and one for the answer: two ids, the asking's titled so.
      const id = m.asked ? `${link}#asked` : link;
      const title = `${m.asked ? 'Asked: ' : ''}${q.heading ?? `Question ${q.uin}`}`;
      const summary = (m.asked ? q.questionText : (q.answerText ?? q.questionText)).slice(0, 600);
      return `<entry><id>${escapeHtml(id)}</id><title>${escapeHtml(title)}</title><link href="${escapeHtml(link)}"/><updated>${m.createdAt.toISOString()}</updated><summary>${escapeHtml(summary)}</summary></entry>`;
    });
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${escapeHtml(`${base}/feeds/subscription/${subscription.id}`)}</id><title>${escapeHtml(`Parliament Alerts: ${title}`)}</title><link rel="self" href="${escapeHtml(self)}"/><updated>${updated}</updated><author><name>Parliament Alerts</name></author>${entries.join('')}</feed>`;
    // Feed readers poll; one that sends back the tag of what it has gets 304 and no body until something changes.
    const tag = entityTag(xml);
    reply.header('etag', tag).header('x-robots-tag', 'noindex');
    if (noneMatchHits(request.headers['if-none-match'], tag)) return reply.code(304).send();
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });
}
