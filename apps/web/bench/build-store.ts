import { createDb, migrate, type Db } from '@alerts/db';
import { ingest } from '@alerts/ingest';
import { createSampleSource } from '@alerts/sources';

// Clone k is answered in the k-th week before today, spread over the week's days by id; its other dates move with it.
const SHIFT = `((CURRENT_DATE - k * 7 - q.id % 7) - q."dateAnswered")`;
/** Columns a clone changes; every other column is copied from the real record as it is, search terms included. */
const CHANGED: Record<string, string> = {
  id: 'q.id + k * 4000000',
  uin: `q.uin || '-' || k`,
  raw: `jsonb_build_object('cloneOf', q.id)`,
  dateTabled: `q."dateTabled" + ${SHIFT}`,
  dateForAnswer: `q."dateForAnswer" + ${SHIFT}`,
  dateAnswered: `q."dateAnswered" + ${SHIFT}`,
  dateHoldingAnswer: `q."dateHoldingAnswer" + ${SHIFT}`,
  dateAnswerCorrected: `q."dateAnswerCorrected" + ${SHIFT}`,
};

/**
 * A store of at least `answers` answered questions: the bundled real records stored through ingest (so their search
 * terms are ingest's own), then cloned with new ids, copy k answered in the k-th week before today (about 1,100 answers a
 * week, 57,000 a year: Parliament's rate, so the preview's last 30 days hold a realistic 4,700), so the vocabulary and its frequencies are real. The raw API record of a clone
 * is only a pointer to its original. Reuses a store that is already big enough.
 */
export async function buildStore(databaseUrl: string, answers: number, say: (line: string) => void): Promise<Db> {
  await migrate({ databaseUrl });
  const db = createDb({ url: databaseUrl });
  const answered = () => db.question.count({ where: { answerHtml: { not: null } } });
  const have = await answered();
  if (have >= answers && have < answers * 1.1 && process.env.BENCH_REBUILD !== '1') {
    say(`reusing the store: ${have.toLocaleString('en-GB')} answered questions`);
    return db;
  }
  await db.$executeRawUnsafe(`TRUNCATE "Question", "QuestionEvent", "IngestRun", "IngestSource" CASCADE`);
  await ingest({ db, source: createSampleSource() });
  const base = await answered();
  const copies = Math.ceil(answers / base) - 1;
  const columns = (
    await db.$queryRaw<{ name: string }[]>`
    SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'Question' ORDER BY ordinal_position`
  ).map((c) => c.name);
  const select = columns.map((c) => CHANGED[c] ?? `q."${c}"`).join(', ');
  const started = Date.now();
  for (let from = 1; from <= copies; from += 20) {
    const to = Math.min(copies, from + 19);
    await db.$executeRawUnsafe(`INSERT INTO "Question" (${columns.map((c) => `"${c}"`).join(', ')})
      SELECT ${select} FROM "Question" q CROSS JOIN generate_series(${from}, ${to}) AS k
      WHERE q.id < 4000000 AND q."answerHtml" IS NOT NULL AND q."dateAnswered" IS NOT NULL`);
    say(`cloned ${(to * base).toLocaleString('en-GB')} answers (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await db.$executeRawUnsafe('VACUUM ANALYZE "Question"');
  say(
    `store built: ${(await answered()).toLocaleString('en-GB')} answered questions in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return db;
}
