import { questionName } from '@alerts/composition';
import { oweDeliveries } from '@alerts/delivery';
import { followQuestion, PipelineError, setOverdueNote, unfollow } from '@alerts/subscriptions';
import { deliverJobs } from '@alerts/queue';
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RateLimits } from '../deps';
import { formField } from '../http/form-field';
import { sendPage } from '../http/send-page';
import { HttpError, notFound } from '../http-error';
import { parseQuestionId } from '../questions/parse-id';
import { gone, subscriberFromToken } from '../tokens/subscriber-from-token';
import { html } from '../views/html';

const HOUR_MS = 3600 * 1000;

/** The page after asking to follow, naming the question asked for. */
const checkEmail = (questionId: number) => `/follows/check-email?question=${questionId}`;

/**
 * Following one question: `POST /questions/:id/follow` (double opt-in, limited like alert sign-up, and answering
 * the same whoever the address belongs to), `POST /manage/:token/follows/:id/overdue-note` (the still-waiting note on
 * or off) and `POST /manage/:token/follows/:id/delete` (stop following).
 */
export function registerFollowRoutes(app: FastifyInstance, deps: AppDeps, limits: RateLimits): void {
  app.post<{ Params: { id: string } }>(
    '/questions/:id/follow',
    { config: { rateLimit: { max: limits.signupPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const questionId = parseQuestionId(request.params.id);
      let stored;
      try {
        stored = await followQuestion(deps.db, {
          email: formField(request.body, 'email'),
          questionId,
          wantsOverdueNote: formField(request.body, 'overdue') === 'yes',
          pendingCap: { max: limits.pendingPerAddressPerHour, perMs: HOUR_MS },
        });
      } catch (error) {
        // Over the per-mailbox cap (shared with alert sign-up): store and send nothing, answering as for a success.
        if (!(error instanceof PipelineError && error.code === 'OVER_LIMIT')) throw error;
        request.log.warn('follow: per-address limit reached; nothing stored');
        return reply.redirect(checkEmail(questionId), 303);
      }
      const { subscriber, follow, needsConfirmation } = stored;
      // A confirmed follow needs no second confirmation; the page is the same either way, so it reveals nothing.
      if (needsConfirmation)
        await oweDeliveries(
          {
            db: deps.db,
            queue: deps.queues,
            onQueueError: (err) => request.log.warn({ err }, 'could not enqueue; the reconciler will'),
          },
          [deliverJobs.followConfirmation(subscriber.id, follow.id)],
        );
      return reply.redirect(checkEmail(questionId), 303);
    },
  );

  // Names the question just asked for (from the link, so it says nothing about the address), with a way back to it.
  app.get<{ Querystring: { question?: string } }>('/follows/check-email', async (request, reply) => {
    // Nine digits at most, as parseQuestionId allows: always within PostgreSQL's integer.
    const id = /^\d{1,9}$/.test(request.query.question ?? '') ? Number(request.query.question) : null;
    const question =
      id !== null
        ? await deps.db.question.findUnique({
            where: { id },
            select: { id: true, house: true, uin: true, heading: true, questionText: true },
          })
        : null;
    return sendPage(reply, {
      title: 'Check your email',
      body: html`<h1>Check your email</h1>
${question ? html`<p>You asked us to email you when this question is answered: <a href="/questions/${question.id}">${questionName(question)}</a>.</p>` : ''}
<p class="notice">If this address is not already following ${question ? 'it' : 'the question'}, we have sent it a message. Open the link in it to confirm. Nothing is sent until you do.</p>`,
    });
  });

  // The still-waiting note on or off (`overdue=yes|no`), from the manage page.
  app.post<{ Params: { token: string; id: string } }>(
    '/manage/:token/follows/:id/overdue-note',
    async (request, reply) => {
      const subscriber = await subscriberFromToken(deps, request.params.token, 'manage');
      if (!subscriber) throw gone();
      const choice = formField(request.body, 'overdue');
      if (choice !== 'yes' && choice !== 'no') throw new HttpError(400, 'Choose yes or no.');
      if (
        !(await setOverdueNote(deps.db, {
          subscriberId: subscriber.id,
          followId: request.params.id,
          wanted: choice === 'yes',
        }))
      )
        throw notFound('followed question');
      return reply.redirect(`/manage/${request.params.token}#follow-${request.params.id}`, 303);
    },
  );

  app.post<{ Params: { token: string; id: string } }>('/manage/:token/follows/:id/delete', async (request, reply) => {
    const subscriber = await subscriberFromToken(deps, request.params.token, 'manage');
    if (!subscriber) throw gone();
    await unfollow(deps.db, { subscriberId: subscriber.id, followId: request.params.id });
    return reply.redirect(`/manage/${request.params.token}#follows`, 303);
  });
}
