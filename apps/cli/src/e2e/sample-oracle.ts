import type { ReceivedMessage } from '@alerts/email/testing';
import { fromApiRecord, matchesQuestion, parseQuery } from '@alerts/matching';
import { loadSampleRecords, normaliseQuestion } from '@alerts/sources';

// What the end-to-end tests expect, from the matching package's direct evaluator over the bundled sample's answered
// records: never from the pipeline they test.

const answered = loadSampleRecords().filter((r) => ['ANSWERED', 'CORRECTED'].includes(normaliseQuestion(r).state));

/** Ids of the sample's answered questions that `query` matches, ascending. */
export function expectedQuestionIds(query: string): number[] {
  const parsed = parseQuery(query);
  return answered
    .filter((r) => matchesQuestion(parsed, fromApiRecord(r)))
    .map((r) => r.value.id as number)
    .sort((a, b) => a - b);
}

/** The distinct question pages an email's HTML links to under `baseUrl`, ascending. */
export function linkedQuestionIds(message: ReceivedMessage, baseUrl: string): number[] {
  return [
    ...new Set(
      [...String(message.parsed.html).matchAll(new RegExp(`${baseUrl}/questions/(\\d+)`, 'g'))].map((m) =>
        Number(m[1]),
      ),
    ),
  ].sort((a, b) => a - b);
}

/**
 * What an immediate email shows of `expected` (one alert's answers, ascending): every one linked, or, when they would
 * pass the email's size budget, the first few linked and the text's "See all N … on the web" for the rest. Returns
 * the problems found, none when the email is right; the ledger's side (every match delivered by this one email) the
 * test reads from the database.
 */
export function announcementProblems(message: ReceivedMessage, baseUrl: string, expected: number[]): string[] {
  const linked = linkedQuestionIds(message, baseUrl);
  const problems: string[] = [];
  const strangers = linked.filter((id) => !expected.includes(id));
  if (strangers.length) problems.push(`links answers it should not: ${strangers.join(', ')}`);
  if (!linked.length && expected.length) problems.push('links no answer');
  if (
    linked.length < expected.length &&
    !new RegExp(`See all ${expected.length} for .+ on the web: `).test(String(message.parsed.text))
  ) {
    problems.push(`links ${linked.length} of ${expected.length} answers and does not say "See all ${expected.length}"`);
  }
  return problems;
}
