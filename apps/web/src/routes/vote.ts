import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { HttpError, notFound } from '../http-error';
import { parseQuestionId } from '../questions/parse-id';

/** An anonymous random id per browser: one vote per question per browser, changeable, never linked to a person. */
export const VOTER_COOKIE = 'voter';
/** How long the voter cookie lasts (the privacy page says so). */
export const VOTER_COOKIE_DAYS = 365;

export function registerVoteRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Params: { id: string }; Body: { helpful?: unknown } }>(
    '/questions/:id/vote',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const questionId = parseQuestionId(request.params.id);
      const answer = request.body?.helpful;
      if (answer !== 'yes' && answer !== 'no') throw new HttpError(400, 'Choose yes or no.');
      const question = await deps.db.question.findUnique({ where: { id: questionId }, select: { id: true } });
      if (!question) throw notFound('question');
      let voterId = request.cookies[VOTER_COOKIE];
      if (!voterId || !/^[A-Za-z0-9_-]{22}$/.test(voterId)) {
        // No cookie (first vote, or a client that drops cookies): the id is derived from the address, keyed so it
        // cannot be reversed, so repeating a cookieless vote changes the same vote instead of adding one.
        voterId = createHmac('sha256', deps.config.sessionSecret)
          .update(`voter:${request.ip}`)
          .digest('base64url')
          .slice(0, 22);
        reply.setCookie(VOTER_COOKIE, voterId, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.config.secureCookies,
          maxAge: VOTER_COOKIE_DAYS * 24 * 3600,
        });
      }
      const helpful = answer === 'yes';
      await deps.db.answerVote.upsert({
        where: { questionId_voterId: { questionId, voterId } },
        create: { questionId, voterId, helpful },
        update: { helpful },
      });
      return reply.redirect(`/questions/${questionId}#vote`, 303);
    },
  );
}
