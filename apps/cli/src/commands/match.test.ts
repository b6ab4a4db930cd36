import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromApiRecord, matchesQuestion } from '@alerts/matching';

const BIN = path.resolve(__dirname, '../../bin/alerts.js');
const DETAIL = path.resolve(
  __dirname,
  '../../../../packages/sources/data/armpitpete-story-evidence-collector__wq-detail-payloads-corbyn-90.json',
);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'alerts-match-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'match', ...args], { encoding: 'utf8', timeout: 60_000 });
const jsonLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);

describe('alerts match', () => {
  it('prints every match of real records, reports bad lines and invalid queries on stderr, and exits 0', async () => {
    const records = (JSON.parse(readFileSync(DETAIL, 'utf8')) as { value: Record<string, unknown> }[]).slice(0, 30);
    const nullRecord = {
      value: {
        id: 99,
        heading: null,
        questionText: null,
        answerText: null,
        house: null,
        askingMemberId: 185,
        answeringMemberId: null,
        answeringBodyName: null,
      },
    };
    // Alternate the {value, links} items and bare value objects, then a malformed line and a record with null fields.
    const questionLines = [
      ...records.map((r, i) => JSON.stringify(i % 2 === 0 ? r : r.value)),
      '{"value": {',
      JSON.stringify(nullRecord),
    ];
    const subscriptions = [
      { id: 'sub-gaza', query: 'gaza OR israel' },
      { id: 2, query: 'operation -"operation mosswood"' },
      { id: 'sub-185', query: 'speaker:185' },
      { id: 'sub-home', query: 'department:"Home Office" terrorism' },
      { id: 'sub-bad', query: 'gaza AND' },
    ];
    const questionsFile = path.join(dir, 'q.jsonl');
    const subscriptionsFile = path.join(dir, 's.jsonl');
    await writeFile(questionsFile, `${questionLines.join('\n')}\n`);
    await writeFile(
      subscriptionsFile,
      [...subscriptions.map((s) => JSON.stringify(s)), 'not json', '{"id": 5}'].join('\n'),
    );

    const result = run('--questions', questionsFile, '--subscriptions', subscriptionsFile);
    expect(result.status).toBe(0);

    // The expected pairs, from the direct evaluator over the same records.
    const questions = [...records.map(fromApiRecord), fromApiRecord(nullRecord)];
    const expected = subscriptions
      .filter((s) => s.id !== 'sub-bad')
      .flatMap((s) =>
        questions.filter((q) => matchesQuestion(s.query, q)).map((q) => ({ subscriptionId: s.id, questionId: q.id })),
      );
    const sortKey = (m: unknown) => JSON.stringify(m);
    expect(jsonLines(result.stdout).map(sortKey).sort()).toEqual(expected.map(sortKey).sort());
    expect(expected.length).toBeGreaterThan(30);
    expect(expected).toContainEqual({ subscriptionId: 'sub-185', questionId: 99 }); // the record with null fields

    expect(jsonLines(result.stderr)).toEqual([
      { file: questionsFile, line: 31, error: expect.stringMatching(/^not valid JSON: /) },
      { subscriptionId: 'sub-bad', error: 'dangling operator: "AND" has nothing after it (at character 5)' },
      { file: subscriptionsFile, line: 6, error: expect.stringMatching(/^not valid JSON: /) },
      { file: subscriptionsFile, line: 7, error: 'expected {"id": string or integer, "query": string}' },
    ]);
  });

  it('fails with a clear message and exit code 1 when a file is missing', () => {
    const missing = path.join(dir, 'nope.jsonl');
    const result = run('--questions', missing, '--subscriptions', missing);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`alerts: cannot read the questions file ${missing}: no such file\n`);
  });
});

describe('alerts match with nothing usable (issue #14 item 10)', () => {
  it('exits 1 when every line of an input file was bad', async () => {
    const questionsFile = path.join(dir, 'q.jsonl');
    const subscriptionsFile = path.join(dir, 's.jsonl');
    await writeFile(questionsFile, 'not json\n{"value": {\n');
    await writeFile(subscriptionsFile, `${JSON.stringify({ id: 'a', query: 'gaza' })}\n`);
    const result = run('--questions', questionsFile, '--subscriptions', subscriptionsFile);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`no usable line in the questions file ${questionsFile}`);

    const good = JSON.parse(readFileSync(DETAIL, 'utf8')) as unknown[];
    await writeFile(questionsFile, `${JSON.stringify(good[0])}\n`);
    await writeFile(subscriptionsFile, `${JSON.stringify({ id: 'a', query: 'gaza AND' })}\n{"id": 5}\n`);
    const bad = run('--questions', questionsFile, '--subscriptions', subscriptionsFile);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`no usable line in the subscriptions file ${subscriptionsFile}`);
  });
});
