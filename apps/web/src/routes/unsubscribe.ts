import type { Db, Prisma } from '@alerts/db';
import { writeMemberNames } from '@alerts/composition';
import { planGoodbye } from '@alerts/delivery';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { subscriberFromToken } from '../tokens/subscriber-from-token';
import { html } from '../views/html';
import { subscriberItems } from '../views/subscriber-items';
import { sendPage } from '../http/send-page';

type Client = Db | Prisma.TransactionClient;

/** Every alert and followed question of one subscriber, named for the page that stops them. */
async function whatTheyHave(db: Client, subscriberId: string) {
  const [alerts, follows] = await Promise.all([
    db.subscription.findMany({
      where: { subscriberId },
      orderBy: { createdAt: 'asc' },
      select: { query: true, label: true, frequency: true },
    }),
    db.follow.findMany({
      where: { subscriberId },
      orderBy: { createdAt: 'asc' },
      select: { question: { select: { id: true, house: true, uin: true, heading: true, questionText: true } } },
    }),
  ]);
  return { alerts, follows: follows.map((f) => f.question) };
}

/** The alerts with their queries as their owner would write them (member names rather than ids). */
async function named(db: Db, items: Awaited<ReturnType<typeof whatTheyHave>>) {
  const written = await writeMemberNames(
    db,
    items.alerts.map((a) => a.query),
  );
  return subscriberItems(
    items.alerts.map((a, i) => ({ written: written[i]!, label: a.label, frequency: a.frequency })),
    items.follows,
  );
}

/**
 * `/unsubscribe/:token`, the List-Unsubscribe URL. POST is RFC 8058 one-click: it needs no cookie, answers 200
 * without redirecting, and is idempotent. GET only shows a button, because mail scanners follow links.
 * Unsubscribing deletes the subscriber and every alert (we keep no personal data we do not need); the address stays
 * only on the goodbye's Delivery row, until the reconciler erases it (see the root README, "Personal data").
 * Both pages name the address and each alert and followed question, so the reader knows what stops.
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    const subscriber = await subscriberFromToken(deps, request.params.token, 'unsubscribe', { allowOldVersion: true });
    const items = subscriber ? await whatTheyHave(deps.db, subscriber.id) : null;
    return sendPage(reply, {
      title: 'Unsubscribe',
      body:
        subscriber && items
          ? html`<h1>Unsubscribe</h1><p>Stop all alerts to <strong>${subscriber.email}</strong> and delete them?</p>
${items.alerts.length || items.follows.length ? html`<p>This deletes:</p>${await named(deps.db, items)}` : html`<p>This address has no alerts and follows no questions; unsubscribing deletes the address.</p>`}
<form method="post" action="/unsubscribe/${request.params.token}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe from all alerts</button></form>`
          : html`<h1>You are unsubscribed</h1><p>We send nothing more to this address.</p>`,
    });
  });

  // RFC 8058 receivers post `List-Unsubscribe=One-Click` as urlencoded or multipart/form-data, and some post other
  // bodies or none: the URL alone is the request, so in this scope every body is accepted and ignored (still capped
  // by the app's body limit).
  void app.register(async (oneClick) => {
    oneClick.removeAllContentTypeParsers();
    oneClick.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
    registerOneClick(oneClick, deps);
  });
}

function registerOneClick(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    // Old links keep working: an unsubscribe link in any email we ever sent must still stop the emails.
    const subscriber = await subscriberFromToken(deps, request.params.token, 'unsubscribe', { allowOldVersion: true });
    let deleted: Awaited<ReturnType<typeof whatTheyHave>> | null = null;
    if (subscriber) {
      // The goodbye is owed in the transaction that deletes the subscriber: one never happens without the other.
      // What is deleted is read in the same transaction, so the page names exactly that.
      const { planned, items } = await deps.db.$transaction(async (tx) => {
        const items = await whatTheyHave(tx, subscriber.id);
        const gone = await tx.subscriber.deleteMany({ where: { id: subscriber.id } });
        return gone.count ? { planned: await planGoodbye(tx, subscriber), items } : { planned: [], items: null };
      });
      deleted = items;
      if (planned.length)
        await deps.queues
          .enqueueDeliveries(planned)
          .catch((err: Error) => request.log.warn({ err }, 'could not enqueue the goodbye; the reconciler will'));
    }
    const what =
      deleted && (deleted.alerts.length || deleted.follows.length)
        ? html`<p>Deleted:</p>${await named(deps.db, deleted)}`
        : '';
    return sendPage(reply, {
      title: 'Unsubscribed',
      body: html`<h1>You are unsubscribed</h1>
<p class="notice">${
        deleted && subscriber
          ? html`We have deleted the alerts for <strong>${subscriber.email}</strong> and will send nothing more to it, apart from one email confirming this.`
          : 'We have deleted your alerts and will send nothing more, apart from one email confirming this.'
      }</p>
${what}
<p><a href="/alerts/new">Create a new alert</a></p>`,
    });
  });
}
