/**
 * Benchmark: 1,000 real questions against 10k, 100k and 1M generated subscriptions.
 * Run with `flock /tmp/alerts-heavy.lock npm run bench:match`. Each size runs in its own child process so peak RSS
 * is per size. Set BENCH_SIZES=10000,100000 to run fewer.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MatchableQuestion } from '../src/matchable-question';
import { evaluateQuery } from '../src/evaluate-query';
import { parseQuery } from '../src/parse-query';
import { prepareQuestion } from '../src/prepare-question';
import { SubscriptionIndex } from '../src/subscription-index';
import { loadCommonsRecords, loadDetailRecords } from '../test/real-records';
import { mulberry32 } from '../test/mulberry32';
import { corpusWords, generateQuery } from './generate-subscriptions';

const SEED = 20261126;
// Flattens the Zipf head: weights are count^TILT.
const TILT = 0.6;
const MB = 1024 * 1024;

function loadQuestions() {
  // Full texts first: 90 detail payloads and 223 merged longform records, then truncated list items up to 1,000.
  const commons = loadCommonsRecords();
  const longform = path.join(
    __dirname,
    '../../sources/data/mysociety-uk-parl-written-questions__longform-2024-08.json',
  );
  const full = new Set(Object.keys(JSON.parse(readFileSync(longform, 'utf8')) as Record<string, unknown>));
  const ordered = [
    ...loadDetailRecords(),
    ...commons.filter((q) => full.has(String(q.id))),
    ...commons.filter((q) => !full.has(String(q.id))),
  ];
  return ordered.slice(0, 1000);
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const time = <T>(fn: () => T): [T, number] => {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
};
// CPU time of this process, in ms: the machine is shared, so wall time alone can hide what one core did.
const cpuTime = <T>(fn: () => T): [T, number, number] => {
  const cpu = process.cpuUsage();
  const [result, wall] = time(fn);
  const used = process.cpuUsage(cpu);
  return [result, wall, (used.user + used.system) / 1000];
};

function runSize(size: number): void {
  const questions = loadQuestions();
  const corpus = corpusWords(questions, TILT);
  const random = mulberry32(SEED);
  const subscriptions = Array.from({ length: size }, (_, i) => ({
    id: `c${(1e9 + i).toString(36)}`,
    query: generateQuery(random, corpus),
  }));
  gc();
  const before = process.memoryUsage();

  const [index, buildMs] = time(() => SubscriptionIndex.build(subscriptions, { sample: questions }));
  gc();
  const built = process.memoryUsage();

  // First run is cold (JIT warm-up), so report it and the best of three.
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  let matches = 0;
  for (let run = 0; run < 3; run += 1) {
    let count = 0;
    const [, ms, cpu] = cpuTime(() => index.matchEach(questions, () => (count += 1)));
    runs.push(ms);
    cpuRuns.push(cpu);
    matches = count;
  }
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const afterMatch = process.memoryUsage();

  // The naive loop on a subset of questions (every question for 10k), extrapolated linearly to 1,000.
  const subsetSize = Math.min(questions.length, Math.max(10, Math.round(1e7 / size)));
  const subset = questions.slice(0, subsetSize).map(prepareQuestion);
  const queries = subscriptions.map((s) => parseQuery(s.query));
  let naiveMatches = 0;
  const [, naiveMs] = time(() => {
    for (const prepared of subset) for (const query of queries) if (evaluateQuery(query, prepared)) naiveMatches += 1;
  });
  let indexSubsetMatches = 0;
  index.matchEach(
    subset.map((p) => p.question),
    () => (indexSubsetMatches += 1),
  );
  const naiveFullMs = (naiveMs * questions.length) / subsetSize;
  const best = Math.min(...runs);

  const lines = [
    `== ${size.toLocaleString('en-GB')} subscriptions (${index.distinctQueries.toLocaleString('en-GB')} distinct queries) × ${questions.length} questions`,
    `  index build (parse + compile + file): ${seconds(buildMs)}`,
    `  match (every pair delivered to a callback): first ${seconds(runs[0] as number)}, best of 3 ${seconds(best)} (wall ms: ${runs.map((r) => r.toFixed(0)).join(', ')}; CPU ms: ${cpuRuns.map((r) => r.toFixed(0)).join(', ')})`,
    `  matches: ${matches.toLocaleString('en-GB')} (${(matches / size).toFixed(1)} per subscription)`,
    `  memory: heapUsed ${mb(before.heapUsed)} before build → ${mb(built.heapUsed)} after build (index ≈ ${mb(built.heapUsed - before.heapUsed)}), ${mb(afterMatch.heapUsed)} after match; RSS ${mb(built.rss)} after build, peak RSS ${mb(peakRss)}`,
    `  naive loop: ${seconds(naiveMs)} for ${subsetSize} questions × ${size.toLocaleString('en-GB')} queries` +
      (subsetSize < questions.length ? ` → ${seconds(naiveFullMs)} extrapolated to ${questions.length}` : '') +
      ` (${((naiveMs * 1e6) / (subsetSize * size)).toFixed(0)} ns per check)`,
    `  speed-up vs naive: ${(naiveFullMs / best).toFixed(0)}× (best run), ${(naiveFullMs / (runs[0] as number)).toFixed(0)}× (first run)`,
    `  check: naive and index agree on the subset: ${naiveMatches === indexSubsetMatches ? 'yes' : 'NO'} (${naiveMatches.toLocaleString('en-GB')} matches)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `${xapianPeer(
      questions,
      subscriptions.map((s) => s.query),
      best,
    )}\n`,
  );
}

/**
 * The peer's figure, measured in the same run (issue #21): TheyWorkForYou's way, one Xapian search per alert over an
 * index of the batch only (xapian-peer.py), when Debian's python3-xapian is installed.
 */
function xapianPeer(questions: readonly MatchableQuestion[], queries: string[], oursMs: number): string {
  const python = '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import xapian']).status !== 0)
    return '  xapian peer: not measured (apt-get install python3-xapian)';
  const file = path.join(os.tmpdir(), `xapian-peer-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ questions, queries }));
  try {
    const run = spawnSync(python, [path.join(__dirname, 'xapian-peer.py'), file], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) return `  xapian peer: failed (${run.stderr.trim().split('\n').at(-1)})`;
    const peer = JSON.parse(run.stdout) as {
      xapian: string;
      index_seconds: number;
      search_seconds: number;
      matches: number;
      unparsed: number;
    };
    return (
      `  xapian peer (Xapian ${peer.xapian}, one search per alert over the batch, Python bindings): ${seconds(peer.search_seconds * 1000)} ` +
      `(+ ${seconds(peer.index_seconds * 1000)} to index the batch), ${peer.matches.toLocaleString('en-GB')} matches` +
      `${peer.unparsed ? `, ${peer.unparsed} queries it could not parse` : ''}; ours ${((peer.search_seconds * 1000) / oursMs).toFixed(1)}× faster`
    );
  } finally {
    rmSync(file, { force: true });
  }
}

const sizeArg = process.argv[2];
if (sizeArg !== undefined) {
  runSize(Number(sizeArg));
} else {
  const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
  process.stdout.write(
    `match benchmark: node ${process.version}, seed ${SEED}, word weights count^${TILT}, single-threaded, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  for (const size of sizes) {
    const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', __filename, String(size)], {
      stdio: 'inherit',
    });
    if (child.status !== 0) process.exitCode = 1;
  }
}
