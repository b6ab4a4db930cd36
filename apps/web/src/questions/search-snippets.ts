import type { Db } from '@alerts/db';
import { buildExcerpt } from '@alerts/email';
import { matchedWords, withoutCutNote, type Query } from '@alerts/matching';
import { html, type SafeHtml } from '../views/html';
import type { ListedQuestion } from '../views/question-list';
import { matchableOf } from '@alerts/ingest';

const TEXT = {
  id: true,
  heading: true,
  questionText: true,
  answerHtml: true,
  answerText: true,
  house: true,
  askingMemberId: true,
  answeringMemberId: true,
  answeringBodyName: true,
  isHolding: true,
} as const;

/** Marked runs as HTML: `<mark>` around the matched words, everything escaped. */
function markSegments(segments: readonly { text: string; mark: boolean }[]): SafeHtml {
  return html`${segments.map((s) => (s.mark ? html`<mark>${s.text}</mark>` : s.text))}`;
}

/**
 * A snippet for each search result: about 240 characters around the query's first matched word, the words marked,
 * labelled "Answer:" or "Question:" for the part it comes from. Works on
 * whatever searchQuestions returned, so it does not depend on how the search found them.
 */
export async function withSnippets(
  db: Db,
  query: Query,
  results: readonly ListedQuestion[],
): Promise<ListedQuestion[]> {
  if (!results.length) return [...results];
  const rows = await db.question.findMany({ where: { id: { in: results.map((r) => r.id) } }, select: TEXT });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return results.map((result) => {
    const row = byId.get(result.id);
    if (!row) return result;
    const words = matchedWords(query, matchableOf(row));
    // The note that ends a text we hold only the start of is no part of it (the question page shows it, linked).
    const answer = withoutCutNote(row.answerText ?? '').replace(/\s+/g, ' ');
    const question = withoutCutNote(row.questionText);
    const has = (text: string) => words.some((word) => text.toLowerCase().includes(word.toLowerCase()));
    // The answer when the words are in it; else the question when they are there; else (a heading match, shown
    // as the link) the answer's start, or the question's when there is no answer yet (a question still waiting).
    const [label, text] =
      !answer || (!has(answer) && has(question))
        ? ['Question', question]
        : [row.isHolding ? 'Holding answer' : 'Answer', answer];
    const segments = buildExcerpt(text, words, { length: 240, lead: 80 });
    return { ...result, snippet: html`<strong class="part">${label}:</strong> ${markSegments(segments)}` };
  });
}
