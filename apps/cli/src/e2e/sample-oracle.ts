import type { ReceivedMessage } from '@alerts/email/testing';
import { fromApiRecord, matchesQuestion, parseQuery } from '@alerts/matching';
import { loadSampleRecords, normaliseQuestion } from '@alerts/sources';

// What the end-to-end tests expect, from the matching package's direct evaluator over the bundled sample's answered
// records: never from the pipeline they test.

const answered = loadSampleRecords().filter((r) => ['ANSWERED', 'CORRECTED'].includes(normaliseQuestion(r).state));

/** Ids of the sample's answered questions that `query` matches, ascending. */
export function expectedQuestionIds(query: string): number[] {
  const parsed = parseQuery(query);
  return answered.filter((r) => matchesQuestion(parsed, fromApiRecord(r))).map((r) => r.value.id as number).sort((a, b) => a - b);
}

/** The distinct question pages an email's HTML links to under `baseUrl`, ascending. */
export function linkedQuestionIds(message: ReceivedMessage, baseUrl: string): number[] {
  return [...new Set([...String(message.parsed.html).matchAll(new RegExp(`${baseUrl}/questions/(\\d+)`, 'g'))].map((m) => Number(m[1])))].sort((a, b) => a - b);
}
