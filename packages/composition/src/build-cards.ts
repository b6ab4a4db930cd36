import type { Card } from '@alerts/email';
import { matchableOf } from '@alerts/ingest';
import { matchedWords, questionSurface, type QuestionSurface, type Query } from '@alerts/matching';
import type { CardQuestion } from './question-cards-cache';

const PARLIAMENT_QUESTION = 'https://questions-statements.parliament.uk/written-questions/detail';

const EXCERPT_WINDOW = 800;

/**
 * The part of a long text the excerpt can come from: the email package cuts ~400 characters around the first
 * highlighted word, and scanning a whole 20 kB answer for it on every card of every digest was the mailer's top cost.
 */
function excerptWindow(text: string, highlight: readonly string[]): string {
  if (text.length <= EXCERPT_WINDOW) return text;
  const lower = text.toLowerCase();
  let first = -1;
  for (const word of highlight) {
    const at = lower.indexOf(word.toLowerCase());
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const start = first < 0 ? 0 : Math.max(0, first - 200);
  return `${start > 0 ? '… ' : ''}${text.slice(start, start + EXCERPT_WINDOW)}`;
}

const highlights = new Map<string, string[]>();
// One tokenised, stemmed copy per question row: it lives as long as the cards cache keeps that row, and a corrected
// question arrives as a new row, so it can never be stale.
const surfaces = new WeakMap<CardQuestion, QuestionSurface>();

function surfaceOf(question: CardQuestion): QuestionSurface {
  let surface = surfaces.get(question);
  if (!surface) {
    surface = questionSurface(matchableOf(question));
    surfaces.set(question, surface);
  }
  return surface;
}

/**
 * Whether a question's card is an asking (the question, when it is due, how to follow it) rather than an answer: it
 * is unanswered, or withdrawn since its asking was matched (it will never be answered, and has no answer to show).
 */
export function showsAsAsking(state: string | undefined): boolean {
  return state === 'UNANSWERED' || state === 'WITHDRAWN';
}

/**
 * An email card for a question matched by `query` (null if it no longer parses), its matched words highlighted. A
 * question still unanswered (an alert with includeTabled heard of its asking) gets the asked card: its tabled date,
 * when it is due, and the way to follow it; one answered by the time the email goes shows its answer.
 */
export function buildCard(question: CardQuestion, query: Query | null, baseUrl: string, queryText = ''): Card {
  // Many alerts share a query; their words in a given question are the same, so compute them once per process.
  const cacheKey = `${question.id}\u0000${question.lastChangedAt.getTime()}\u0000${queryText}`;
  let highlight: string[] = (queryText && highlights.get(cacheKey)) || [];
  try {
    if (query && !highlights.has(cacheKey)) highlight = matchedWords(query, surfaceOf(question)).slice(0, 50);
    if (queryText) {
      if (highlights.size > 20_000) highlights.clear(); // bounded: a hit needs the same query and question
      highlights.set(cacheKey, highlight);
    }
  } catch {
    highlight = []; // an alert whose query no longer parses still gets its card, unhighlighted
  }
  const tabled = question.dateTabled.toISOString().slice(0, 10);
  const withdrawn = question.state === 'WITHDRAWN';
  const asked = showsAsAsking(question.state);
  return {
    id: question.id,
    url: `${baseUrl}/questions/${question.id}`,
    parliamentUrl: `${PARLIAMENT_QUESTION}/${tabled}/${encodeURIComponent(question.uin)}`,
    heading: question.heading ?? `Question ${question.uin}`,
    department: question.answeringBodyName,
    askedBy: question.askedBy,
    answeredBy: question.answeredBy,
    dateAnswered: (question.dateAnswered ?? question.dateTabled).toISOString().slice(0, 10),
    // Question and answer apart, so the email can say which is which.
    text: excerptWindow(question.answerText ?? '', highlight),
    questionText: excerptWindow(question.questionText, highlight),
    highlight,
    holding: question.isHolding,
    corrected: question.isCorrection,
    asked,
    withdrawn,
    dateDue: asked && question.dateForAnswer ? question.dateForAnswer.toISOString().slice(0, 10) : null,
  };
}
