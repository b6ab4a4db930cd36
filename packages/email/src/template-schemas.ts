import { ALERT_TEXT_LIMITS } from '@alerts/alert-rules';
import { z } from 'zod';
import { isDeliverableAddress } from './email-address-rule';

// The pieces several emails' schemas share; each email's own schema is in its folder, `emails/NAME/NAME.ts`.

// Only http(s): a `javascript:` or `data:` URL in an href would survive HTML escaping. A pattern rather than
// z.url(), which parses with `new URL` and was a sixth of the render time for a digest's 30-odd URLs.
const WEB_URL = /^https?:\/\/[^\s/?#<>"'`\\]+(?:[/?#][^\s<>"'`\\]*)?$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/;
/** An http(s) URL of at most 2048 characters. */
export const webUrl = z.string().max(2048).regex(WEB_URL, 'must be an http(s) URL');
/** One line of text of 1 to `max` characters. */
export const line = (max: number) => z.string().min(1).max(max);

/** Most alerts one digest carries: the largest digest there can be is this many alerts of `maxCardsPerAlert` cards. */
export const MAX_DIGEST_ALERTS = 100;

/**
 * One answered question (or, for an alert that also announces askings, a question just asked), as the digest and
 * immediate emails show it. The shape is plain zod; the limits are one
 * refinement over the whole card, because a digest holds hundreds of fields and zod runs each per-field check
 * separately (about 40 ns each, a quarter of the render time). Messages and paths match the per-field form.
 */
const cardShape = z.object({
  id: z.number().int().positive(),
  /** Our question page. */
  url: z.string(),
  /** The question on questions-statements.parliament.uk, if known. */
  parliamentUrl: z.string().optional(),
  heading: z.string(),
  department: z.string().nullable(),
  /** Name and party, e.g. "Jeremy Corbyn (Independent)". */
  askedBy: z.string().nullable(),
  answeredBy: z.string().nullable(),
  /** The answer's date; on an `asked` card, the date the question was tabled. */
  dateAnswered: z.string(),
  /** Plain text of question and answer; the excerpt is cut from this. With `questionText`, the answer alone. */
  text: z.string(),
  /** The question's text: when given, the card shows a labelled question excerpt, then the labelled answer. */
  questionText: z.string().optional(),
  /** Surface words to highlight, e.g. ["encrypted", "encryption"]; matched whole-word, case-insensitively. */
  highlight: z.array(z.string()).default([]),
  holding: z.boolean().default(false),
  corrected: z.boolean().default(false),
  /** Asked and not yet answered: the card shows the question, when it is due, and how to hear of its answer. */
  asked: z.boolean().default(false),
  /** When the question is due for answer (ISO date), shown on an `asked` card; null when Parliament gives none. */
  dateDue: z.string().nullable().default(null),
  /** With `asked`: withdrawn since it was asked, so it will not be answered (nothing to follow). */
  withdrawn: z.boolean().default(false),
});

export const cardSchema = cardShape.superRefine((card, ctx) => {
  const problem = cardProblem(card);
  if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
});

/** The first field of a card outside its limits, or undefined. Plain code: this runs for every card of every email. */
function cardProblem(card: z.output<typeof cardShape>): { path: (string | number)[]; message: string } | undefined {
  if (card.url.length > 2048 || !WEB_URL.test(card.url)) return { path: ['url'], message: 'must be an http(s) URL' };
  if (card.parliamentUrl !== undefined && (card.parliamentUrl.length > 2048 || !WEB_URL.test(card.parliamentUrl))) {
    return { path: ['parliamentUrl'], message: 'must be an http(s) URL' };
  }
  const lines = [
    ['heading', card.heading, 500],
    ['department', card.department, 200],
    ['askedBy', card.askedBy, 200],
    ['answeredBy', card.answeredBy, 200],
  ] as const;
  for (const [key, value, max] of lines) {
    if (value !== null && (value.length < 1 || value.length > max))
      return { path: [key], message: `must be 1 to ${max} characters` };
  }
  if (!ISO_DATE.test(card.dateAnswered))
    return { path: ['dateAnswered'], message: 'must be an ISO date such as 2026-07-09' };
  if (card.dateDue !== null && !ISO_DATE.test(card.dateDue))
    return { path: ['dateDue'], message: 'must be an ISO date such as 2026-07-09' };
  // Text from Parliament can be long and contain anything; the caps only stop absurd payloads.
  if (card.text.length > 200_000) return { path: ['text'], message: 'must be at most 200000 characters' };
  if (card.questionText !== undefined && card.questionText.length > 200_000)
    return { path: ['questionText'], message: 'must be at most 200000 characters' };
  if (card.highlight.length > 50) return { path: ['highlight'], message: 'must hold at most 50 words' };
  for (let i = 0; i < card.highlight.length; i++) {
    const word = card.highlight[i]!;
    if (word.length < 1 || word.length > 100) return { path: ['highlight', i], message: 'must be 1 to 100 characters' };
  }
  return undefined;
}

/** One alert of a subscriber, with the questions it matched in this run. */
export const alertSchema = z.object({
  /** Plain English, e.g. 'answers mentioning "encryption", from the Home Office'. */
  description: line(ALERT_TEXT_LIMITS.description),
  /** Short name the subscriber gave the alert; used in subjects before the description. */
  label: line(ALERT_TEXT_LIMITS.label).optional(),
  query: z.string().max(ALERT_TEXT_LIMITS.query),
  /** Matches in this run; may exceed `questions.length` when the caller sends only the first few. */
  totalCount: z.number().int().nonnegative(),
  /** How many of `totalCount` are questions just asked rather than answers (alerts with includeTabled). */
  askedCount: z.number().int().nonnegative().default(0),
  /** Where "see N more" links; defaults to `${baseUrl}/search?q=${query}`. */
  moreUrl: webUrl.optional(),
  questions: z.array(cardSchema).max(1000),
});

/** Who an email goes to, and the web app it links to. */
export const recipient = {
  recipientEmail: z.string().refine(isDeliverableAddress, 'must be an email address we can send to'),
  /** The web app, e.g. http://localhost:3000. */
  baseUrl: webUrl,
};
/** The manage and unsubscribe links of every email sent to a subscriber. */
export const listLinks = { manageUrl: webUrl, unsubscribeUrl: webUrl };
/**
 * What an alert email calls what it brings: `new` (the live source), or `replayed` (demo mode, which replays stored
 * answers; the pipeline's ReaderClock decides), with `note`, demo mode's statement about its data, shown at the top.
 */
export const news = {
  news: z.enum(['new', 'replayed']).default('new'),
  note: line(300).optional(),
};
/** An alert named in an email about one alert: its description, and the label its subscriber gave it. */
export const alertSummary = z.object({
  description: line(ALERT_TEXT_LIMITS.description),
  label: line(ALERT_TEXT_LIMITS.label).optional(),
});

export type Card = z.input<typeof cardSchema>;
