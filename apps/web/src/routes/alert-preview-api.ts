import { MAX_QUERY_LENGTH, validateQuery } from '@alerts/matching';
import type { FastifyInstance } from 'fastify';
import { readerClock, type AppDeps, type RateLimits } from '../deps';
import { scanLimit } from '../http/scan-limit';
import { describeAlert } from '../questions/describe-alert';
import { formatDate } from '../questions/format';
import { previewQuery } from '../questions/preview-query';
import { resolveNames } from '../questions/resolve-names';
import { previewWords } from '../views/preview';

/**
 * `/api/preview?q=[&askings=yes]`: what the alert form shows as the visitor types or ticks a box: the plain-English
 * description (of questions and answers with `askings`, the "also when asked" box) and the 30-day preview of answers,
 * or the problem with the query. The form works without it.
 */
export function registerAlertPreviewApi(app: FastifyInstance, deps: AppDeps, limits: RateLimits): void {
  app.get<{ Querystring: { q?: string; askings?: string } }>('/api/preview', scanLimit(limits), async (request) => {
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, MAX_QUERY_LENGTH + 100) : '';
    if (!q.trim()) return { ok: false, message: '', position: 0 };
    const resolved = await resolveNames(deps.db, q);
    if (!resolved.ok) {
      const { message, position, candidates } = resolved.problem;
      return {
        ok: false,
        message: candidates.length
          ? `${message}. Did you mean ${candidates.map((c) => c.filter).join(' or ')}?`
          : message,
        position,
      };
    }
    const checked = validateQuery(resolved.query);
    if (!checked.ok) return { ok: false, ...checked.error };
    const preview = await previewQuery(deps.db, checked.query, { clock: readerClock(deps), examples: 3 });
    const words = previewWords(preview);
    return {
      ok: true,
      description: await describeAlert(deps.db, checked.query, resolved.query, {
        askings: request.query.askings === 'yes',
      }),
      preview: {
        // The window's words, as the server-rendered preview has them (the last 30 days, or demo mode's stored answers).
        heading: words.heading,
        lead: words.lead,
        tail: words.tail,
        from: formatDate(preview.from),
        to: formatDate(preview.to),
        matched: preview.matched,
        matchedBound: preview.matchedBound,
        answered: preview.answered,
        examples: preview.examples.map((e) => ({ id: e.id, heading: e.heading ?? `Question ${e.uin}` })),
      },
    };
  });
}
