import { readFile } from 'node:fs/promises';
import {
  fromApiRecord,
  SubscriptionIndex,
  validateQuery,
  type MatchableQuestion,
  type SubscriptionId,
} from '@alerts/matching';
import type { Command } from 'commander';

/** Where `matchFiles` writes: stdout gets matches, stderr gets one JSON line per problem. */
export interface MatchOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface MatchSummary {
  questions: number;
  subscriptions: number;
  invalid: number;
  malformedLines: number;
  matches: number;
  /** Lines of each file that were reported and skipped (malformed, not a record, invalid query). */
  skipped: { questions: number; subscriptions: number };
}

const json = (value: unknown) => `${JSON.stringify(value)}\n`;
// Flush matches in blocks: one write per match is slow for millions of lines.
const FLUSH_AT = 64 * 1024;

/**
 * Match JSON-lines questions (API records, `value` or `{value, links}`) against JSON-lines subscriptions
 * (`{"id", "query"}`), writing `{"subscriptionId","questionId"}` lines. Bad lines and invalid queries are reported
 * on `err` and skipped; a file that cannot be read throws.
 */
export async function matchFiles(
  files: { questions: string; subscriptions: string },
  output: MatchOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<MatchSummary> {
  const [questionLines, subscriptionLines] = await Promise.all([
    readLines(files.questions, 'questions'),
    readLines(files.subscriptions, 'subscriptions'),
  ]);
  const summary: MatchSummary = {
    questions: 0,
    subscriptions: 0,
    invalid: 0,
    malformedLines: 0,
    matches: 0,
    skipped: { questions: 0, subscriptions: 0 },
  };
  const malformed = (file: string, line: number, error: string) => {
    summary.malformedLines += 1;
    summary.skipped[file === files.questions ? 'questions' : 'subscriptions'] += 1;
    output.err(json({ file, line, error }));
  };

  const questions: MatchableQuestion[] = [];
  for (const { line, value } of parseLines(questionLines, files.questions, malformed)) {
    try {
      questions.push(fromApiRecord(value));
    } catch (error) {
      malformed(files.questions, line, `not a written question record: ${(error as Error).message}`);
    }
  }
  summary.questions = questions.length;

  // The questions themselves are the best sample for estimating which terms are rare.
  const index = new SubscriptionIndex({ sample: questions });
  for (const { line, value } of parseLines(subscriptionLines, files.subscriptions, malformed)) {
    const { id, query } = (value ?? {}) as { id?: unknown; query?: unknown };
    if (!(typeof id === 'string' || Number.isSafeInteger(id)) || typeof query !== 'string') {
      malformed(files.subscriptions, line, 'expected {"id": string or integer, "query": string}');
      continue;
    }
    const result = validateQuery(query);
    if (!result.ok) {
      summary.invalid += 1;
      summary.skipped.subscriptions += 1;
      const { message, position } = result.error;
      output.err(json({ subscriptionId: id, error: `${message} (at character ${position})` }));
      continue;
    }
    index.add(id as SubscriptionId, result.query);
  }
  summary.subscriptions = index.size;

  let buffer = '';
  index.matchEach(questions, (subscriptionId, questionId) => {
    summary.matches += 1;
    buffer += json({ subscriptionId, questionId });
    if (buffer.length > FLUSH_AT) {
      output.out(buffer);
      buffer = '';
    }
  });
  if (buffer) output.out(buffer);
  return summary;
}

async function readLines(file: string, what: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split(/\r?\n/);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`cannot read the ${what} file ${file}: ${reason}`, { cause: error });
  }
}

function* parseLines(lines: string[], file: string, malformed: (file: string, line: number, error: string) => void) {
  for (let i = 0; i < lines.length; i += 1) {
    const text = (lines[i] as string).trim();
    if (text === '') continue;
    try {
      yield { line: i + 1, value: JSON.parse(text) as unknown };
    } catch (error) {
      malformed(file, i + 1, `not valid JSON: ${(error as Error).message}`);
    }
  }
}

export function register(program: Command): void {
  program
    .command('match')
    .description('Match questions against subscription queries, offline: prints {"subscriptionId","questionId"} lines')
    .requiredOption('--questions <file>', 'JSON lines, each a Written Questions API record (value or {value, links})')
    .requiredOption('--subscriptions <file>', 'JSON lines, each {"id": …, "query": "…"}')
    .action(async (opts: { questions: string; subscriptions: string }) => {
      const summary = await matchFiles(opts);
      // Bad lines are reported and skipped, but a file with nothing usable at all is a failed run, not an empty one.
      if (!summary.questions && summary.skipped.questions)
        throw new Error(`no usable line in the questions file ${opts.questions}`);
      if (!summary.subscriptions && summary.skipped.subscriptions)
        throw new Error(`no usable line in the subscriptions file ${opts.subscriptions}`);
    });
}
