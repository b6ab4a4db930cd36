import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { notFound } from '../http-error';
import { sendPage } from '../http/send-page';
import { describeAlert } from '../questions/describe-alert';
import { validateQuery } from '@alerts/matching';
import { gone, subscriberFromToken } from '../tokens/subscriber-from-token';
import { html } from '../views/html';
import { questionList } from '../views/question-list';

const LISTED = {
  id: true,
  heading: true,
  uin: true,
  answeringBodyName: true,
  dateAnswered: true,
  isHolding: true,
} as const;

/**
 * `/manage/:token/alerts/:id/more?match=`: the "See all N on the web" of an alert email, every answer that email
 * brought for that alert. `match` is one of the email's matches (its delivery names the rest). Emails sent before
 * the size budget link with `&shown=`, the question ids of their cards, dot-separated: those pages list the rest
 * only, as they promised ("See N more"). Behind the manage token, like the alert itself.
 */
export function registerDeliveredMoreRoute(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { token: string; id: string }; Querystring: { match?: string; shown?: string } }>(
    '/manage/:token/alerts/:id/more',
    async (request, reply) => {
      const subscriber = await subscriberFromToken(deps, request.params.token, 'manage');
      if (!subscriber) throw gone();
      const subscription = await deps.db.subscription.findFirst({
        where: { id: request.params.id, subscriberId: subscriber.id },
      });
      const matchId = /^\d{1,19}$/.test(request.query.match ?? '') ? BigInt(request.query.match!) : null;
      if (!subscription || matchId === null) throw notFound('alert');
      const match = await deps.db.match.findFirst({ where: { id: matchId, subscriptionId: subscription.id } });
      if (!match) throw notFound('alert');
      const shown = (request.query.shown ?? '')
        .split('.')
        .filter((id) => /^\d{1,9}$/.test(id))
        .map(Number);
      // Until the email is recorded as sent its matches have no delivery yet: then "the same email" is every match
      // still waiting, as the mailer would send them.
      const siblings = await deps.db.match.findMany({
        where: {
          subscriptionId: subscription.id,
          ...(match.deliveryId ? { deliveryId: match.deliveryId } : { deliveredAt: null }),
        },
        select: { questionIds: true },
      });
      const questions = await deps.db.question.findMany({
        where: { id: { in: siblings.flatMap((s) => s.questionIds), notIn: shown } },
        orderBy: [{ dateAnswered: 'desc' }, { id: 'desc' }],
        select: LISTED,
      });
      const checked = validateQuery(subscription.query);
      const about =
        subscription.label ??
        (checked.ok ? await describeAlert(deps.db, checked.query, subscription.query) : subscription.query);
      return sendPage(reply, {
        title: shown.length ? 'More answers from your alert' : 'Answers from your alert',
        body: html`<h1>${questions.length}${shown.length ? ' more' : ''} ${questions.length === 1 ? 'answer' : 'answers'} from your alert</h1>
<p>The same email brought these for your alert: ${about}. Newest first.</p>
${questionList(questions)}
<p><a href="/manage/${request.params.token}">Manage your alerts</a></p>`,
      });
    },
  );
}
