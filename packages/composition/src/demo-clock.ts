import type { Db } from '@alerts/db';
import { addDays, ukToday } from '@alerts/sources';

const DAY_MS = 86_400_000;

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** What demo mode says about its data: on every page (the banner) and in every alert email. */
export interface DemoFacts {
  /** The newest answer stored, as a UK date (YYYY-MM-DD). */
  newestAnswer: string;
  /** "Demo: real answers replayed; the newest stored answer is dated 19 August 2026." */
  statement: string;
}

/**
 * What "now" means to the reader of a page or an email: which questions are overdue (pages, the still-waiting
 * note), which answers an alert's preview counts, and whether an answer is news. Live, that is the machine's clock.
 * In demo mode with the bundled sample (`alerts start`), the data is years old, so the clock is stated instead (see
 * {@link createDemoClock}). Leases, retries, tokens, sessions and the digest schedule always run on the machine's clock.
 */
export interface ReaderClock {
  /** The moment pages and emails treat as now. */
  now(): Date;
  /** Set in demo mode only: what the demo says about its clock. */
  demo: DemoFacts | null;
}

/** The live source: now is now, and every answer an alert brings is new. */
export const LIVE_CLOCK: ReaderClock = { now: () => new Date(), demo: null };

/**
 * Demo mode's stated clock. Today is the day after the newest date any stored question carries (answered, or tabled:
 * the sample holds questions tabled after its newest answer, which must not look tabled in the future), so the
 * questions still waiting are as overdue as they were then, not months more. The clock runs on from there at the
 * machine's pace; it never runs ahead of the machine's. Answers are "replayed", never "new".
 */
export function createDemoClock(input: {
  newestAnswer: string;
  newestRecord: string;
  machineNow?: () => Date;
}): ReaderClock {
  const machineNow = input.machineNow ?? (() => new Date());
  const today = addDays(input.newestRecord, 1);
  const lagDays = Math.max(
    0,
    Math.round((Date.parse(`${ukToday(machineNow())}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS),
  );
  return {
    now: () => new Date(machineNow().getTime() - lagDays * DAY_MS),
    demo: {
      newestAnswer: input.newestAnswer,
      statement: `Demo: real answers replayed; the newest stored answer is dated ${formatDay(input.newestAnswer)}.`,
    },
  };
}

/**
 * The demo clock of the questions stored now (`alerts start`, after loading the sample). Null when nothing
 * answered is stored: there is nothing to replay.
 */
export async function loadDemoClock(db: Db, options: { machineNow?: () => Date } = {}): Promise<ReaderClock | null> {
  const [row] = await db.$queryRaw<{ answer: Date | null; record: Date | null }[]>`
    SELECT max("dateAnswered") FILTER (WHERE state IN ('ANSWERED', 'CORRECTED')) AS answer,
           greatest(max("dateTabled"), max("dateAnswered"), max("dateHoldingAnswer"), max("dateAnswerCorrected")) AS record
    FROM "Question"`;
  if (!row?.answer || !row.record) return null;
  return createDemoClock({ newestAnswer: isoDay(row.answer), newestRecord: isoDay(row.record), ...options });
}

/** Today by the reader's clock, as a UK date (YYYY-MM-DD). */
export const readerToday = (clock: ReaderClock) => ukToday(clock.now());

/**
 * The banner's words: the statement and the day pages count from ("Due dates count from 3 September 2026", the day
 * after the newest stored question or answer). Null on the live source.
 */
export function demoBanner(clock: ReaderClock): string | null {
  if (!clock.demo) return null;
  return `${clock.demo.statement} Due dates count from ${formatDay(readerToday(clock))}.`;
}

/**
 * What an alert's preview counts: the last 30 days live; in demo mode every stored answer, because the replay will
 * bring each of them in turn (the sample's last 30 days hold a handful).
 */
export function previewSpan(clock: ReaderClock): { days: number } | { days: null } {
  return clock.demo ? { days: null } : { days: 30 };
}

/** What alert emails call what they bring: "new" live, "replayed" in demo mode. */
export function newsWord(clock: ReaderClock): 'new' | 'replayed' {
  return clock.demo ? 'replayed' : 'new';
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const formatDay = (day: string) => longDate.format(new Date(`${day}T00:00:00Z`));
