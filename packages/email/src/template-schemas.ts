import { z } from 'zod';
import type { TemplateName } from './template-names';

// Only http(s): a `javascript:` or `data:` URL in an href would survive HTML escaping. A pattern rather than
// z.url(), which parses with `new URL` and was a sixth of the render time for a digest's 30-odd URLs.
const webUrl = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^\s/?#<>"'`\\]+(?:[/?#][^\s<>"'`\\]*)?$/i, 'must be an http(s) URL');
// Text from Parliament can be long and contain anything; the caps only stop absurd payloads.
const line = (max: number) => z.string().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'must be an ISO date such as 2026-07-09');

/** One answered question, as the digest and immediate emails show it. */
export const cardSchema = z.object({
  id: z.number().int().positive(),
  /** Our question page. */
  url: webUrl,
  /** The question on questions-statements.parliament.uk, if known. */
  parliamentUrl: webUrl.optional(),
  heading: line(500),
  department: line(200).nullable(),
  /** Name and party, e.g. "Jeremy Corbyn (Independent)". */
  askedBy: line(200).nullable(),
  answeredBy: line(200).nullable(),
  dateAnswered: isoDate,
  /** Plain text of question and answer; the excerpt is cut from this. */
  text: z.string().max(200_000),
  /** Surface words to highlight, e.g. ["encrypted", "encryption"]; matched whole-word, case-insensitively. */
  highlight: z.array(line(100)).max(50).default([]),
  holding: z.boolean().default(false),
  corrected: z.boolean().default(false),
});

/** One alert of a subscriber, with the questions it matched in this run. */
export const alertSchema = z.object({
  /** Plain English, e.g. 'answers mentioning "encryption", from the Home Office'. */
  description: line(500),
  /** Short name the subscriber gave the alert; used in subjects before the description. */
  label: line(200).optional(),
  query: z.string().max(1000),
  /** Matches in this run; may exceed `questions.length` when the caller sends only the first few. */
  totalCount: z.number().int().nonnegative(),
  /** Where "see N more" links; defaults to `${baseUrl}/search?q=${query}`. */
  moreUrl: webUrl.optional(),
  questions: z.array(cardSchema).max(1000),
});

const recipient = {
  recipientEmail: z.email().max(254),
  /** The web app, e.g. http://localhost:3000. */
  baseUrl: webUrl,
};
const listLinks = { manageUrl: webUrl, unsubscribeUrl: webUrl };
const alertSummary = z.object({ description: line(500), label: line(200).optional() });

/** Double opt-in: the alerts being confirmed and the link that confirms them. */
export const confirmationDataSchema = z.object({
  ...recipient,
  ...listLinks,
  confirmUrl: webUrl,
  alerts: z.array(alertSummary).min(1).max(100),
});

/** One digest per subscriber per run: a section per alert, a card per question. */
export const digestDataSchema = z.object({
  ...recipient,
  ...listLinks,
  alerts: z.array(alertSchema).min(1).max(100),
});

/** A single question sent as soon as it is answered. */
export const immediateDataSchema = z.object({
  ...recipient,
  ...listLinks,
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

/** The schema of each template, by name. */
export const templateSchemas = {
  confirmation: confirmationDataSchema,
  digest: digestDataSchema,
  immediate: immediateDataSchema,
  goodbye: goodbyeDataSchema,
} as const satisfies Record<TemplateName, z.ZodType>;

/** What a caller passes to `render(name, data)` (defaults not yet applied). */
export type TemplateData = { [N in TemplateName]: z.input<(typeof templateSchemas)[N]> };
/** Data after validation, with defaults applied. */
export type ParsedTemplateData = { [N in TemplateName]: z.output<(typeof templateSchemas)[N]> };
export type Card = z.input<typeof cardSchema>;
export type DigestAlert = z.input<typeof alertSchema>;
export type ConfirmationData = TemplateData['confirmation'];
export type DigestData = TemplateData['digest'];
export type ImmediateData = TemplateData['immediate'];
export type GoodbyeData = TemplateData['goodbye'];
