import { ALERT_TEXT_LIMITS } from '@alerts/alert-rules';
import { z } from 'zod';
import { isDeliverableAddress } from './email-address-rule';
import type { TemplateName } from './template-names';

// Only http(s): a `javascript:` or `data:` URL in an href would survive HTML escaping. A pattern rather than
// z.url(), which parses with `new URL` and was a sixth of the render time for a digest's 30-odd URLs.
const WEB_URL = /^https?:\/\/[^\s/?#<>"'`\\]+(?:[/?#][^\s<>"'`\\]*)?$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/;
const webUrl = z.string().max(2048).regex(WEB_URL, 'must be an http(s) URL');
const line = (max: number) => z.string().min(1).max(max);

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
  const lines = [['heading', card.heading, 500], ['department', card.department, 200], ['askedBy', card.askedBy, 200], ['answeredBy', card.answeredBy, 200]] as const;
  for (const [key, value, max] of lines) {
    if (value !== null && (value.length < 1 || value.length > max)) return { path: [key], message: `must be 1 to ${max} characters` };
  }
  if (!ISO_DATE.test(card.dateAnswered)) return { path: ['dateAnswered'], message: 'must be an ISO date such as 2026-07-09' };
  if (card.dateDue !== null && !ISO_DATE.test(card.dateDue)) return { path: ['dateDue'], message: 'must be an ISO date such as 2026-07-09' };
  // Text from Parliament can be long and contain anything; the caps only stop absurd payloads.
  if (card.text.length > 200_000) return { path: ['text'], message: 'must be at most 200000 characters' };
  if (card.questionText !== undefined && card.questionText.length > 200_000) return { path: ['questionText'], message: 'must be at most 200000 characters' };
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

const recipient = {
  recipientEmail: z.string().refine(isDeliverableAddress, 'must be an email address we can send to'),
  /** The web app, e.g. http://localhost:3000. */
  baseUrl: webUrl,
};
const listLinks = { manageUrl: webUrl, unsubscribeUrl: webUrl };
/**
 * What an alert email calls what it brings: `new` (the live source), or `replayed` (demo mode, which replays stored
 * answers; the pipeline's ReaderClock decides), with `note`, demo mode's statement about its data, shown at the top.
 */
const news = {
  news: z.enum(['new', 'replayed']).default('new'),
  note: line(300).optional(),
};
const alertSummary = z.object({ description: line(ALERT_TEXT_LIMITS.description), label: line(ALERT_TEXT_LIMITS.label).optional() });

/** A question to follow, as the confirmation email names it ("Commons question 26882 (Schools: Finance)"). */
const followSummary = z.object({ description: line(ALERT_TEXT_LIMITS.description) });

/**
 * An alert awaiting confirmation, as its confirmation email may describe it: which kinds of condition it has and how
 * often it sends, never its words. Those are the requester's, and the email goes to an address whose owner has not
 * yet asked for anything, so no field here can carry text (strict: a `label` or `description` is refused). The
 * confirm page shows the alert itself, once its link is opened.
 */
export const pendingAlertSchema = z.strictObject({
  /** It looks for words or phrases. */
  keywords: z.boolean(),
  /** It names a member, a department, a House. */
  member: z.boolean().default(false),
  department: z.boolean().default(false),
  house: z.enum(['commons', 'lords']).nullable().default(null),
  frequency: z.enum(['IMMEDIATE', 'DAILY', 'WEEKLY']),
  /** It also tells of questions when they are asked (includeTabled). */
  askings: z.boolean().default(false),
  /** The members it names, by the names we hold (our data, not the requester's words). */
  members: z.array(z.string().min(1).max(100)).max(3).default([]),
});

/** Double opt-in: the alerts and followed questions being confirmed, and the link that confirms them. */
export const confirmationDataSchema = z
  .object({
    ...recipient,
    ...listLinks,
    confirmUrl: webUrl,
    alerts: z.array(pendingAlertSchema).max(100).default([]),
    follows: z.array(followSummary).max(100).default([]),
  })
  .refine((data) => data.alerts.length + data.follows.length > 0, { error: 'a confirmation email confirms at least one alert or followed question', path: ['alerts'] });

/** One digest per subscriber per run: a section per alert, a card per question. */
export const digestDataSchema = z.object({
  ...recipient,
  ...listLinks,
  ...news,
  alerts: z.array(alertSchema).min(1).max(MAX_DIGEST_ALERTS),
});

/** A single question sent as soon as it is answered. */
export const immediateDataSchema = z.object({
  ...recipient,
  ...listLinks,
  ...news,
  alert: alertSummary,
  question: cardSchema,
});

/** Sent after unsubscribing; there is nothing left to unsubscribe from, so only links back. */
export const goodbyeDataSchema = z.object({
  ...recipient,
  /** Undo link; defaults to `baseUrl`. */
  resubscribeUrl: webUrl.optional(),
  manageUrl: webUrl.optional(),
});

/**
 * What happened to a followed question: the four moves a follow emails about, or OVERDUE, the one "still waiting"
 * note a follower may ask for when the question passes its due date unanswered.
 */
export const followEventSchema = z.enum(['HOLDING', 'ANSWERED', 'CORRECTED', 'WITHDRAWN', 'OVERDUE']);

/** One email to a follower of one question: what happened, the question, and the answer when there is one. */
export const followDataSchema = z.object({
  ...recipient,
  ...listLinks,
  event: followEventSchema,
  /** For OVERDUE: the due date it has been overdue since, as words ("7 September 2026"). */
  overdueSince: line(40).optional(),
  question: z.object({
    /** Our question page. */
    url: webUrl,
    /** e.g. "Commons question 26882: Schools: Finance". */
    title: line(600),
    /** e.g. "Tabled 2 September 2026 · due 7 September 2026 (named day) · Department for Education". */
    meta: z.string().max(600),
    questionText: z.string().min(1).max(200_000),
    /** Plain text of the answer (holding, substantive or corrected); null when withdrawn. */
    answerText: z.string().max(200_000).nullable(),
    /**
     * Who gave the answer shown, and when, in words: "Answered by Karin Smyth (Department of Health and Social Care)
     * on 21 September 2026". Absent when there is no answer to attribute.
     */
    answeredBy: line(600).optional(),
  }),
});

/** "Email me my manage link": the subscriber's manage link again, on request; nothing else (no alert, no words). */
export const manageLinkDataSchema = z.object({
  ...recipient,
  ...listLinks,
});

/** A webhook alert's endpoint kept failing and was turned off: which alert, where it pointed, the last error. */
export const webhookDisabledDataSchema = z.object({
  ...recipient,
  ...listLinks,
  alert: alertSummary,
  /** The endpoint's host only: the full URL may carry a token (Slack's and Teams' do). */
  endpointHost: line(300),
  /** How long it had been failing, in words ("24 hours"). */
  failingFor: line(60),
  lastError: line(300),
});

/** The schema of each template, by name. */
export const templateSchemas = {
  confirmation: confirmationDataSchema,
  digest: digestDataSchema,
  immediate: immediateDataSchema,
  goodbye: goodbyeDataSchema,
  follow: followDataSchema,
  'manage-link': manageLinkDataSchema,
  'webhook-disabled': webhookDisabledDataSchema,
} as const satisfies Record<TemplateName, z.ZodType>;

/** What a caller passes to `render(name, data)` (defaults not yet applied). */
export type TemplateData = { [N in TemplateName]: z.input<(typeof templateSchemas)[N]> };
/** Data after validation, with defaults applied. */
export type ParsedTemplateData = { [N in TemplateName]: z.output<(typeof templateSchemas)[N]> };
export type Card = z.input<typeof cardSchema>;
export type DigestAlert = z.input<typeof alertSchema>;
export type ConfirmationData = TemplateData['confirmation'];
export type PendingAlert = z.input<typeof pendingAlertSchema>;
export type DigestData = TemplateData['digest'];
export type ImmediateData = TemplateData['immediate'];
export type GoodbyeData = TemplateData['goodbye'];
export type FollowData = TemplateData['follow'];
export type ManageLinkData = TemplateData['manage-link'];
export type WebhookDisabledData = TemplateData['webhook-disabled'];
