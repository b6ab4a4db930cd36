import { listMailbox, readMailboxMessage } from '@alerts/email';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../http-error';
import { EMAIL_VIEW_CSP } from '../http/security-headers';
import { sendPage } from '../http/send-page';
import { html } from '../views/html';

/** "2 December 2026, 02:41 UTC" from the stored ISO time; anything else is shown as stored. */
function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' })}, ${date.toISOString().slice(11, 16)} UTC`;
}

/**
 * `/dev/mailbox`: the emails the dev-mailbox transport wrote, so a newcomer can confirm and read digests without
 * a mail server. Registered only when that transport is active (no SMTP_URL).
 */
export function registerDevMailboxRoutes(app: FastifyInstance, dir: string): void {
  const find = async (id: string) => {
    if (!/^\d{14}-[0-9a-f]{8}$/.test(id)) throw notFound('message');
    const message = await readMailboxMessage(dir, id);
    if (!message) throw notFound('message');
    return message;
  };

  app.get('/dev/mailbox', async (_request, reply) => {
    const entries = await listMailbox(dir);
    return sendPage(reply, {
      title: 'Dev mailbox',
      body: html`<h1>Dev mailbox</h1><p class="meta">Emails written to ${dir} by the dev transport, newest first.</p>
${entries.length ? html`<ul class="mailbox">${entries.map((e) => html`<li><a href="/dev/mailbox/${e.id}">${e.subject}</a><br><span class="meta">To ${e.to} · ${formatWhen(e.date)}</span></li>`)}</ul>` : html`<p>No emails yet.</p>`}`,
    });
  });

  app.get<{ Params: { id: string } }>('/dev/mailbox/:id', async (request, reply) => {
    const message = await find(request.params.id);
    const links = [...new Set(message.text.match(/https?:\/\/[^\s<>")\]]+/g) ?? [])];
    return sendPage(reply, {
      title: message.subject,
      body: html`<h1>${message.subject}</h1>
<p class="meta">To ${message.to} · from ${message.from} · ${formatWhen(message.date)}</p>
<p><a class="cta" href="/dev/mailbox/${message.id}/html">View the HTML version</a></p>
<p><a href="/dev/mailbox">Back to the mailbox</a></p>
<h2>Links</h2><ul class="links">${links.map((link) => html`<li><a href="${link}">${link}</a></li>`)}</ul>
<h2>Text part</h2><pre class="question mail-text">${message.text}</pre>
<details><summary>Headers</summary><dl class="headers">${Object.entries(message.headers).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></details>`,
    });
  });

  app.get<{ Params: { id: string } }>('/dev/mailbox/:id/html', async (request, reply) => {
    const message = await find(request.params.id);
    return reply.header('content-security-policy', EMAIL_VIEW_CSP).type('text/html; charset=utf-8').send(message.html);
  });
}
