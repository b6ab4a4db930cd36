import { z } from 'zod';
import { alertSummaryView, cardView, plainExcerpt } from '../../card-view';
import { newsKicker, topicOf } from '../../news-words';
import { sampleCard, sampleQuestions } from '../../sample-questions';
import { alertSummary, cardSchema, listLinks, news, recipient } from '../../template-schemas';
import { defineEmail } from '../define-email';

/** A single question sent as soon as it is answered. */
const immediateDataSchema = z.object({
  ...recipient,
  ...listLinks,
  ...news,
  alert: alertSummary,
  question: cardSchema,
});

/** One question, sent as soon as it is answered (or asked, for an alert that announces askings). */
export const immediateEmail = defineEmail({
  schema: immediateDataSchema,
  subject: ({ alert, question, news }) =>
    `${newsKicker(news, question.asked)} on ${topicOf(alert)}: ${question.heading}`,
  viewModel: (data, subject, options) => {
    const { alert, question, news, note } = data;
    const card = cardView(question, options);
    const kicker = newsKicker(news, card.asked);
    return {
      subject,
      recipientEmail: data.recipientEmail,
      baseUrl: data.baseUrl,
      manageUrl: data.manageUrl,
      unsubscribeUrl: data.unsubscribeUrl,
      preheader: plainExcerpt(card.excerpt, 140),
      kicker,
      kickerCaps: kicker.toUpperCase(),
      note: note ?? null,
      alert: alertSummaryView(alert),
      card,
    };
  },
  sample: (links) => {
    const holding = sampleQuestions().find((q) => q.holding) ?? sampleQuestions()[0]!;
    return {
      ...links,
      alert: {
        label: 'Healthtech',
        description: 'answers mentioning "Healthtech", from the Department of Health and Social Care',
      },
      question: sampleCard(holding, links.baseUrl, ['Healthtech']),
    };
  },
});
