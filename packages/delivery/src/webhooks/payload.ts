import type { CardQuestion } from '@alerts/composition';
import type { WebhookFormat } from '@alerts/subscriptions';

export interface WebhookAlert {
  id: string;
  query: string;
  label: string | null;
}

export interface WebhookItem {
  question: CardQuestion;
  /** It announces the asking of the question (an alert with includeTabled), not an answer. */
  asked: boolean;
}

/** Lines a chat message lists before "and N more": Slack and Teams cut long messages. */
const CHAT_LINES = 20;

const questionUrl = (baseUrl: string, id: number) => `${baseUrl}/questions/${id}`;
const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

/**
 * The body of one POST: every question the alert found in this batch. JSON is the Standard Webhooks shape (`type`,
 * `timestamp`, `data`); Slack and Teams get a message for people, with the first CHAT_LINES questions linked.
 */
export function webhookBody(
  format: WebhookFormat,
  input: { alert: WebhookAlert; items: WebhookItem[]; baseUrl: string; now: Date },
): string {
  const { alert, items, baseUrl } = input;
  const name = alert.label ?? alert.query;
  if (format === 'JSON') {
    return JSON.stringify({
      type: 'alert.matched',
      timestamp: input.now.toISOString(),
      data: {
        alert: { id: alert.id, query: alert.query, label: alert.label },
        questions: items.map(({ question: q, asked }) => ({
          id: q.id,
          uin: q.uin,
          house: q.house,
          heading: q.heading,
          state: q.state,
          asked,
          url: questionUrl(baseUrl, q.id),
          askedBy: q.askedBy,
          dateTabled: day(q.dateTabled),
          answeredBy: q.answeredBy,
          answeringBody: q.answeringBodyName,
          dateAnswered: day(q.dateAnswered),
        })),
      },
    });
  }
  const lines = items.slice(0, CHAT_LINES).map(({ question: q, asked }) => ({
    url: questionUrl(baseUrl, q.id),
    heading: q.heading ?? `Question ${q.uin}`,
    what: asked
      ? 'asked'
      : q.state === 'CORRECTED'
        ? 'corrected'
        : q.state === 'HOLDING'
          ? 'holding answer'
          : 'answered',
    who: asked ? q.askedBy : (q.answeringBodyName ?? q.answeredBy),
  }));
  const more = items.length - lines.length;
  const title = `${items.length} new for "${name}"`;
  if (format === 'SLACK') {
    const text = [
      `*${escapeSlack(title)}*`,
      ...lines.map(
        (l) => `• <${l.url}|${escapeSlack(l.heading)}> (${l.what}${l.who ? `, ${escapeSlack(l.who)}` : ''})`,
      ),
    ];
    if (more > 0) text.push(`…and ${more} more`);
    return JSON.stringify({ text: text.join('\n') });
  }
  // Teams: an Adaptive Card, which both its Workflows webhooks and the older connectors show.
  const body = [
    { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true },
    ...lines.map((l) => ({
      type: 'TextBlock',
      text: `[${escapeMarkdown(l.heading)}](${l.url}) (${l.what}${l.who ? `, ${escapeMarkdown(l.who)}` : ''})`,
      wrap: true,
    })),
    ...(more > 0 ? [{ type: 'TextBlock', text: `…and ${more} more`, wrap: true }] : []),
  ];
  return JSON.stringify({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
        },
      },
    ],
  });
}

// Slack's mrkdwn treats only these three as control characters.
const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeMarkdown = (text: string) => text.replace(/([\\[\]()*_`])/g, '\\$1');
