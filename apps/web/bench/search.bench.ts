/**
 * bench:search — search and the sign-up preview over a store of years of answers, through the HTTP routes.
 * Builds (or reuses) a store of BENCH_ANSWERS (default 300,000) answered questions cloned from the real records,
 * starts the web app in its own process, and sends BENCH_QUERIES (default 200) alert-language queries of the
 * matching benchmark's mix to GET /search (results page, total and 30-day preview) and GET /alerts/new?q= (the
 * preview alone), and GET /tabled?q= (the same query over the questions still waiting), one at a time, then browses
 * /tabled's first pages. Reports p50/p95/p99 latency and the server's peak RSS. Goals: p95 ≤ 150 ms each.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { matchableOf } from '@alerts/ingest';
import { corpusWords, generateQuery, mulberry32 } from '@alerts/matching/testing';
import { loadSampleRecords, normaliseQuestion } from '@alerts/sources';
import { buildStore } from './build-store';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 300_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/alerts_bench_search';
const say = (line: string) => process.stdout.write(`${line}\n`);

const peakRssMb = (pid: number) =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

function percentiles(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return `p50 ${at(50).toFixed(1)} ms, p95 ${at(95).toFixed(1)} ms, p99 ${at(99).toFixed(1)} ms, max ${at(100).toFixed(1)} ms`;
}

async function timed(url: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

async function main() {
  say(`== bench:search: ${ANSWERS.toLocaleString('en-GB')} answers, ${QUERIES} queries`);
  const db = await buildStore(DATABASE_URL, ANSWERS, say);
  await db.$disconnect();

  const corpus = corpusWords(
    loadSampleRecords().map((record) => matchableOf(normaliseQuestion(record))),
    0.6,
  );
  const random = mulberry32(20261202);
  const queries = Array.from({ length: QUERIES }, () => generateQuery(random, corpus));

  const server = fork(path.join(__dirname, 'search-server.ts'), [], {
    execArgv: ['--require', 'tsx/cjs'],
    env: { ...process.env, DATABASE_URL, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    server.once('message', (message) => resolve((message as { address: string }).address));
    server.once('exit', (code) => reject(new Error(`search server exited with ${code}`)));
  });
  const pid = server.pid as number;
  try {
    say(`server up: RSS ${rssMb(pid).toFixed(0)} MB`);
    // Warm-up: JIT, connection pool, PostgreSQL's caches. Not measured.
    for (const q of queries.slice(0, 20)) await timed(`${address}/search?q=${encodeURIComponent(q)}`);
    say(`after warm-up: RSS ${rssMb(pid).toFixed(0)} MB`);

    const search: number[] = [];
    const preview: number[] = [];
    const tabled: number[] = [];
    const slow: { ms: number; route: string; q: string }[] = [];
    for (const q of queries) {
      const s = await timed(`${address}/search?q=${encodeURIComponent(q)}`);
      const p = await timed(`${address}/alerts/new?q=${encodeURIComponent(q)}`);
      if (s.status !== 200 || p.status !== 200) throw new Error(`${q}: HTTP ${s.status}/${p.status}`);
      // The same query over the questions still waiting: a few hundred among all the answers' candidates.
      const w = await timed(`${address}/tabled?q=${encodeURIComponent(q)}`);
      if (w.status !== 200) throw new Error(`${q}: /tabled HTTP ${w.status}`);
      search.push(s.ms);
      preview.push(p.ms);
      tabled.push(w.ms);
      slow.push({ ms: s.ms, route: 'search', q }, { ms: p.ms, route: 'preview', q }, { ms: w.ms, route: 'tabled', q });
    }
    const browse: number[] = [];
    for (let i = 0; i < 20; i++) browse.push((await timed(`${address}/tabled?page=${1 + (i % 5)}`)).ms);
    say(`GET /search (results, total, 30-day preview): ${percentiles(search)}`);
    say(`GET /alerts/new?q= (30-day preview):          ${percentiles(preview)}`);
    say(`GET /tabled?q= (questions still waiting):     ${percentiles(tabled)}`);
    say(`GET /tabled?page= (browse, no query):         ${percentiles(browse)}`);
    say(`server RSS: ${rssMb(pid).toFixed(0)} MB now, peak ${peakRssMb(pid).toFixed(0)} MB`);
    say('slowest:');
    for (const entry of slow.sort((a, b) => b.ms - a.ms).slice(0, 6))
      say(`  ${entry.ms.toFixed(0).padStart(5)} ms  ${entry.route.padEnd(7)} ${entry.q}`);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
