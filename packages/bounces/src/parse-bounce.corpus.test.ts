import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BounceEntry } from './bounce-entry';
import { parseBounce } from './parse-bounce';

// Real bounces from many mail servers: the corpus flufl.bounce (GNU Mailman's bounce detector, LGPL-3) ships with its
// tests, installed by Debian's python3-flufl.bounce, with flufl.bounce's own expected recipients (and which are
// temporary). Debian's libsisimai-perl (Sisimai 4, BSD-2-Clause) classifies the same files as a second, independent
// reference. Nothing of either is copied into this repository: the test reads them where the packages install them.
const CORPUS = '/usr/lib/python3/dist-packages/flufl/bounce/tests/data';
const EXPECTED = '/usr/lib/python3/dist-packages/flufl/bounce/testing/helpers.py';
const haveCorpus =
  existsSync(CORPUS) && existsSync(EXPECTED) && spawnSync('/usr/bin/python3', ['-c', '1']).status === 0;
const haveSisimai = haveCorpus && spawnSync('perl', ['-MSisimai', '-MJSON::PP', '-e', '1']).status === 0;
if (!haveCorpus)
  process.stderr.write(
    'parse-bounce.corpus.test.ts: SKIPPED, no corpus (apt-get install python3-flufl.bounce; .ci/run installs it)\n',
  );
else if (!haveSisimai)
  process.stderr.write('parse-bounce.corpus.test.ts: Sisimai comparison SKIPPED (apt-get install libsisimai-perl)\n');

const ARTIFACT = path.join(__dirname, '..', '..', '..', 'artifacts', 'bounces-corpus.json');
const figures: Record<string, unknown> = {};
const ours = new Map<string, BounceEntry[]>();
const parsed = (file: string) => {
  if (!ours.has(file)) ours.set(file, parseBounce(readFileSync(path.join(CORPUS, file))));
  return ours.get(file)!;
};

afterAll(() => {
  if (!Object.keys(figures).length) return;
  mkdirSync(path.dirname(ARTIFACT), { recursive: true });
  writeFileSync(ARTIFACT, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`bounce corpus: ${JSON.stringify(figures)}\n`);
});

(haveCorpus ? describe : describe.skip)('the flufl.bounce corpus of real bounces', () => {
  it('finds the recipients flufl.bounce expects, few others, and calls every temporary failure soft', () => {
    const rows = JSON.parse(
      execFileSync('/usr/bin/python3', [path.join(__dirname, '..', 'test', 'flufl-expected.py'), EXPECTED], {
        encoding: 'utf8',
      }),
    ) as { file: string; recipients: string[]; temporary: boolean }[];
    const expected = new Map<string, { recipients: Set<string>; temporary: boolean }>();
    for (const row of rows) {
      const entry = expected.get(row.file) ?? { recipients: new Set<string>(), temporary: row.temporary };
      for (const recipient of row.recipients) entry.recipients.add(recipient.toLowerCase());
      expected.set(row.file, entry);
    }
    let wanted = 0,
      found = 0,
      extra = 0,
      exactFiles = 0,
      temporary = 0,
      temporarySoft = 0;
    const missed: string[] = [];
    for (const [file, { recipients, temporary: isTemporary }] of expected) {
      const entries = parsed(file);
      const got = new Set(entries.map((entry) => entry.recipient));
      for (const recipient of recipients) {
        wanted += 1;
        if (got.has(recipient)) found += 1;
        else missed.push(`${file} ${recipient}`);
        if (isTemporary) {
          temporary += 1;
          if (entries.find((entry) => entry.recipient === recipient)?.kind === 'soft') temporarySoft += 1;
        }
      }
      extra += [...got].filter((recipient) => !recipients.has(recipient)).length;
      if (got.size === recipients.size && [...recipients].every((recipient) => got.has(recipient))) exactFiles += 1;
    }
    figures.flufl = {
      files: expected.size,
      exactFiles,
      recipients: wanted,
      found,
      extra,
      temporary,
      temporarySoft,
      missed,
    };
    expect(expected.size).toBeGreaterThan(100);
    expect(found / wanted).toBeGreaterThanOrEqual(0.93);
    expect(exactFiles / expected.size).toBeGreaterThanOrEqual(0.9);
    expect(extra).toBeLessThanOrEqual(3);
    expect(temporarySoft).toBe(temporary);
  });

  (haveSisimai ? it : it.skip)(
    'agrees with Sisimai on who bounced and, but for its "filtered" and "onhold", on hard or soft',
    () => {
      const files = readdirSync(CORPUS)
        .filter((file) => file.endsWith('.txt'))
        .sort();
      const lines = execFileSync(
        'perl',
        [path.join(__dirname, '..', 'test', 'sisimai-classify.pl'), ...files.map((file) => path.join(CORPUS, file))],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      // softbounce -1 is Sisimai's "not a bounce" (a vacation reply): not counted.
      const theirs = lines
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { file: string; recipient: string; reason: string; softbounce: number })
        .filter((row) => row.softbounce !== -1);
      let found = 0,
        sameKind = 0;
      const differences: string[] = [];
      for (const row of theirs) {
        const entry = parsed(path.basename(row.file)).find((candidate) => candidate.recipient === row.recipient);
        if (!entry) continue;
        found += 1;
        const kind = row.reason === 'feedback' ? 'complaint' : row.softbounce === 0 ? 'hard' : 'soft';
        if (entry.kind === kind) sameKind += 1;
        else
          differences.push(
            `${path.basename(row.file)} ${row.recipient}: Sisimai ${kind} (${row.reason}), ours ${entry.kind} (${entry.status ?? 'no code'})`,
          );
      }
      figures.sisimai = { recipients: theirs.length, found, sameKind, differences };
      expect(found / theirs.length).toBeGreaterThanOrEqual(0.97);
      expect(sameKind / found).toBeGreaterThanOrEqual(0.88);
      // Where we differ, Sisimai 4 filed a "no such user" text under "filtered" or "onhold" (soft); we call it hard.
      for (const difference of differences)
        expect(difference).toMatch(/Sisimai soft \((?:filtered|onhold)\), ours hard/);
    },
  );
});
