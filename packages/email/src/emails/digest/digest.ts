import { z } from 'zod';
import { cardView, type ViewModelOptions } from '../../card-view';
import { digestPreheader, type DigestAlertView } from '../../fit-digest';
import { newsCount, topicList, topicOf } from '../../news-words';
import { sampleCard, sampleQuestions, sampleQuestionsMentioning } from '../../sample-questions';
import { ALERT_TEXT_LIMITS } from '@alerts/alert-rules';
import { MAX_DIGEST_ALERTS, alertSchema, listLinks, news, recipient } from '../../template-schemas';
import { defineEmail } from '../define-email';

/** One digest per subscriber per run: a section per alert, a card per question. */
export const digestDataSchema = z.object({
  ...recipient,
  ...listLinks,
  ...news,
  alerts: z.array(alertSchema).min(1).max(MAX_DIGEST_ALERTS),
});

export type DigestData = z.input<typeof digestDataSchema>;

/** One email per subscriber per run: a section per alert, a card per question; cut to its size budget by fitDigest. */
export const digestEmail = defineEmail({
  schema: digestDataSchema,
  subject: ({ alerts, news }) => {
    let answers = 0;
    let asked = 0;
    for (const alert of alerts) {
      const total = Math.max(alert.totalCount, alert.questions.length);
      asked += Math.min(alert.askedCount, total);
      answers += total - Math.min(alert.askedCount, total);
    }
    return `${newsCount(answers, asked, news)}: ${topicList(alerts)}`;
  },
  viewModel: (digest, subject, options) => {
    const { preheader, alerts } = digestView(digest, options);
    // Only an email that brings a question just asked says so; answers alone keep the usual words.
    const asked = digest.alerts.some((alert) => alert.askedCount > 0);
    const headline =
      digest.news === 'replayed'
        ? asked
          ? 'Written questions and answers, replayed'
          : 'Answers to written questions, replayed'
        : asked
          ? 'New written questions and answers'
          : 'New answers to written questions';
    const intro = asked
      ? 'Questions that match your alerts have been answered, or asked in Parliament.'
      : 'Ministers have answered questions that match your alerts.';
    // Every alert in full; fitDigest lists some as lines instead when the email would pass its size budget.
    return {
      subject,
      recipientEmail: digest.recipientEmail,
      baseUrl: digest.baseUrl,
      manageUrl: digest.manageUrl,
      unsubscribeUrl: digest.unsubscribeUrl,
      preheader,
      headline,
      headlineCaps: headline.toUpperCase(),
      note: digest.note ?? null,
      intro,
      alerts,
      hasListed: false,
      listed: [],
      unlisted: null,
    };
  },
  sample: (links) => {
    const bases = { label: 'military bases', description: 'answers mentioning "bases"', query: 'bases' };
    const nuclear = {
      description: 'answers mentioning "nuclear", from the Foreign, Commonwealth and Development Office',
      query: 'nuclear department:"Foreign, Commonwealth and Development Office"',
    };
    const baseQuestions = sampleQuestionsMentioning(['bases', 'base']);
    const nuclearQuestions = sampleQuestionsMentioning(['nuclear'], 'Foreign, Commonwealth and Development Office');
    return {
      ...links,
      alerts: [
        {
          ...bases,
          totalCount: baseQuestions.length,
          questions: baseQuestions.map((q) => sampleCard(q, links.baseUrl, ['bases', 'base'])),
        },
        {
          ...nuclear,
          totalCount: nuclearQuestions.length,
          questions: nuclearQuestions.map((q) => sampleCard(q, links.baseUrl, ['nuclear'])),
        },
      ],
    };
  },
});

function digestView(data: z.output<typeof digestDataSchema>, options: ViewModelOptions) {
  const searchUrl = `${data.baseUrl.replace(/\/+$/, '')}/search?q=`;
  const alerts = data.alerts.map((alert): DigestAlertView => {
    const cards = alert.questions.slice(0, options.maxCardsPerAlert).map((card) => cardView(card, options));
    const total = Math.max(alert.totalCount, alert.questions.length);
    const asked = Math.min(alert.askedCount, total);
    return {
      title: topicOf(alert),
      description: alert.description,
      hasLabel: alert.label !== undefined,
      countLabel: newsCount(total - asked, asked, data.news),
      cards,
      total,
      more: total - cards.length,
      moreUrl: alert.moreUrl ?? `${searchUrl}${encodeURIComponent(alert.query)}`,
    };
  });
  return { preheader: digestPreheader(alerts), alerts };
}

/**
 * The largest digest there can be: `MAX_DIGEST_ALERTS` alerts, each with `cardsPerAlert` cards of the sample's
 * longest real questions and answers, labels and descriptions at their length limits, and links as long as the
 * pipeline's (signed tokens, "See all" pages). The size budget's test and `npm run bench:email` measure this.
 */
export function largestDigestData(cardsPerAlert = 10, alertCount = MAX_DIGEST_ALERTS): DigestData {
  const baseUrl = 'https://alerts.example.org';
  const token = (purpose: string) =>
    `${Buffer.from(JSON.stringify({ p: purpose, s: 'cmf0subscriber0000000000000', v: 12 })).toString('base64url')}.${'x'.repeat(43)}`;
  const manageUrl = `${baseUrl}/manage/${token('manage')}`;
  const longest = [...sampleQuestions()].sort(
    (a, b) => b.heading.length + b.text.length - (a.heading.length + a.text.length),
  );
  const words = ['nuclear', 'bases', 'base', 'defence', 'Ministry'];
  // Real words, repeated to the limit: "answers mentioning "nuclear" or "bases", from the Ministry of Defence, …".
  const upTo = (text: string, length: number) =>
    text
      .repeat(Math.ceil(length / text.length))
      .slice(0, length)
      .trimEnd();
  return {
    recipientEmail: 'a.reader.with.a.long.address@example.org',
    baseUrl,
    manageUrl,
    unsubscribeUrl: `${baseUrl}/unsubscribe/${token('unsubscribe')}`,
    alerts: Array.from({ length: alertCount }, (_, a) => ({
      label: upTo(`Defence and nuclear bases ${a}, `, ALERT_TEXT_LIMITS.label),
      description: upTo(
        `answers mentioning "nuclear" or "bases" or "defence", from the Ministry of Defence (alert ${a}), `,
        ALERT_TEXT_LIMITS.description,
      ),
      query: 'nuclear OR bases OR defence',
      totalCount: 1000,
      moreUrl: `${manageUrl}/alerts/cmf0subscription${String(a).padStart(10, '0')}/more?match=${1_000_000_000 + a}`,
      questions: Array.from({ length: cardsPerAlert }, (_, k) =>
        sampleCard(longest[(a + k) % longest.length]!, baseUrl, words),
      ),
    })),
  };
}
