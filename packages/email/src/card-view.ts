import type { z } from 'zod';
import type { ExcerptSegment } from './build-excerpt';
import { cutExcerpt, type ExcerptCutter } from './excerpt-memo';
import { formatDate } from './format-date';
import { topicOf } from './news-words';
import type { cardSchema } from './template-schemas';

/** Knobs of the view model; see `RendererOptions`. */
export interface ViewModelOptions {
  maxCardsPerAlert: number;
  excerptLength: number;
  /** How excerpts are cut; the renderer passes a memo (see createExcerptMemo). Default: afresh each time. */
  excerpt?: ExcerptCutter;
}

type ParsedCard = z.output<typeof cardSchema>;

/** What the card partial reads. Absent values are `null`, never missing: templates compile in strict mode. */
export interface CardView {
  url: string;
  parliamentUrl: string | null;
  heading: string;
  department: string | null;
  askedBy: string | null;
  answeredBy: string | null;
  dateLabel: string;
  excerpt: ExcerptSegment[];
  /** The question's excerpt when the card has the question apart; the answer's excerpt is then labelled. */
  questionExcerpt: ExcerptSegment[] | null;
  /** "Answer" or "Holding answer". */
  answerLabel: string;
  holding: boolean;
  corrected: boolean;
  /** Asked, not yet answered: `excerpt` is the question's, and the card offers to follow it. */
  asked: boolean;
  /** "due for answer by 8 July 2026" on an asked card, else null. */
  dueLabel: string | null;
  /** On an asked card: "Not yet answered", or "Withdrawn" when it never will be. */
  askedStatus: string;
  /** An asked card of a question still waiting: it offers "Email me when this is answered". */
  followable: boolean;
  /** The question page's "Email me when this is answered" form. */
  followUrl: string;
}

/** An alert named by its label, else its description, as the immediate email heads its card. */
export function alertSummaryView(alert: { label?: string | undefined; description: string }) {
  return { title: topicOf(alert), description: alert.description, hasLabel: alert.label !== undefined };
}

/** Characters of the question shown above the answer's excerpt. */
const QUESTION_EXCERPT_LENGTH = 180;

/** The view of one card: its excerpts cut (by `options.excerpt`, a memo in the renderer), its dates in words. */
export function cardView(card: ParsedCard, options: ViewModelOptions): CardView {
  const cut = options.excerpt ?? cutExcerpt;
  const common = {
    url: card.url,
    parliamentUrl: card.parliamentUrl ?? null,
    heading: card.heading,
    department: card.department,
    askedBy: card.askedBy,
    dateLabel: formatDate(card.dateAnswered),
  };
  if (card.asked) {
    // Nothing answered yet: the question is the news, with the excerpt's full length.
    return {
      ...common,
      answeredBy: null,
      excerpt: cut(card.questionText ?? card.text, card.highlight, options.excerptLength),
      questionExcerpt: null,
      answerLabel: 'Answer',
      holding: false,
      corrected: false,
      asked: true,
      dueLabel: card.dateDue && !card.withdrawn ? `due for answer by ${formatDate(card.dateDue)}` : null,
      askedStatus: card.withdrawn ? 'Withdrawn' : 'Not yet answered',
      followable: !card.withdrawn,
      followUrl: `${card.url}#follow`,
    };
  }
  return {
    ...common,
    answeredBy: card.answeredBy,
    excerpt: cut(card.text, card.highlight, options.excerptLength),
    // The question is the context, the answer the news: the question gets a short excerpt of its own.
    questionExcerpt:
      card.questionText !== undefined ? cut(card.questionText, card.highlight, QUESTION_EXCERPT_LENGTH) : null,
    answerLabel: card.holding ? 'Holding answer' : 'Answer',
    holding: card.holding,
    corrected: card.corrected,
    asked: false,
    dueLabel: null,
    askedStatus: '',
    followable: false,
    followUrl: card.url,
  };
}

/** The excerpt as plain text, at most `max` characters (a preheader). */
export function plainExcerpt(segments: readonly ExcerptSegment[], max: number): string {
  return truncate(segments.map((segment) => segment.text).join(''), max);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
