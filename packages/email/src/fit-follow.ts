import type { TemplateFiller } from './compile-filler';
import { largestFitting, overBudget } from './html-budget';

/** What the follow templates read of the question; `cut` says its texts were shortened to fit. */
interface FollowQuestionView {
  url: string;
  questionText: string;
  answerText: string;
  cut: boolean;
}

/** Characters the texts are cut by in each step of the search. */
const STEP = 200;

/**
 * Fill a follow email's HTML within `budget` bytes. It carries the question and the whole answer, and a few answers
 * run to tens of kilobytes (tables of figures); those are cut, question and answer to the same length, as long as
 * fits, on a space, each ending "…", and the email says it holds only the start and links to the question's page.
 */
export function fitFollow(
  context: Record<string, unknown>,
  fill: TemplateFiller,
  budget: number,
): { context: Record<string, unknown>; html: string } {
  const whole = fill(context);
  if (!overBudget(whole, budget)) return { context, html: whole };
  const question = context.question as FollowQuestionView;
  const longest = Math.max(question.questionText.length, question.answerText.length);
  let best = { context, html: whole }; // replaced by every try that fits
  const shaped = (length: number) => ({
    ...context,
    question: {
      ...question,
      questionText: cutText(question.questionText, length),
      answerText: cutText(question.answerText, length),
      cut: true,
    },
  });
  const steps = largestFitting(Math.ceil(longest / STEP), (steps) => {
    const candidate = shaped(steps * STEP);
    const html = fill(candidate);
    if (overBudget(html, budget)) return false;
    best = { context: candidate, html };
    return true;
  });
  // Not even the frame fits (only with absurd data): send the smallest form.
  return steps < 0 ? { context: shaped(0), html: fill(shaped(0)) } : best;
}

function cutText(text: string, length: number): string {
  if (text.length <= length) return text;
  const space = text.lastIndexOf(' ', length);
  return `${text.slice(0, space > length / 2 ? space : length).trimEnd()} …`;
}
