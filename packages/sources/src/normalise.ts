import { createHash } from 'node:crypto';
import { apiQuestionSchema, recordIdOf, unwrapRecord, type ApiQuestion, type RawRecord } from './api-record';
import { htmlToText, sanitiseAnswerHtml } from './sanitise-html';

export type QuestionState = 'UNANSWERED' | 'HOLDING' | 'ANSWERED' | 'CORRECTED' | 'WITHDRAWN';
export type House = 'Commons' | 'Lords';

/** A question ready to store: the shape of the `Question` row, minus the timestamps the database keeps. */
export interface NormalisedQuestion {
  id: number;
  uin: string;
  house: House;
  heading: string | null;
  questionText: string;
  answerHtml: string | null;
  answerText: string | null;
  state: QuestionState;
  isHolding: boolean;
  isCorrection: boolean;
  isWithdrawn: boolean;
  isNamedDay: boolean;
  memberHasInterest: boolean;
  /** UK calendar dates as YYYY-MM-DD: the API's dates have no time zone and are always midnight. */
  dateTabled: string;
  dateForAnswer: string | null;
  dateAnswered: string | null;
  dateHoldingAnswer: string | null;
  dateAnswerCorrected: string | null;
  askingMemberId: number;
  answeringMemberId: number | null;
  correctingMemberId: number | null;
  answeringBodyId: number | null;
  answeringBodyName: string | null;
  groupedUins: string[];
  groupedQuestions: { uin: string; dateTabled: string }[];
  attachments: { url: string | null; title: string | null; fileType: string | null; fileSizeBytes: number | null }[];
  raw: unknown;
  /** Hash of everything above except `raw`: equal hashes mean nothing a user can see has changed. */
  contentHash: string;
}

/** A record that cannot be stored. The run logs it with its id, counts it, and goes on. */
export class BadRecordError extends Error {
  readonly code = 'BAD_RECORD';
  constructor(
    readonly recordId: string,
    reason: string,
  ) {
    super(`record ${recordId}: ${reason}`);
    this.name = 'BadRecordError';
  }
}

const day = (value: string | null | undefined): string | null => (value ? value.slice(0, 10) : null);

function stateOf(q: ApiQuestion, hasAnswer: boolean): QuestionState {
  if (q.isWithdrawn) return 'WITHDRAWN';
  if (!hasAnswer || !q.dateAnswered) return 'UNANSWERED';
  if (q.answerIsHolding) return 'HOLDING';
  if (q.answerIsCorrection) return 'CORRECTED';
  return 'ANSWERED';
}

/** Validate an API record and turn it into a row. Throws BadRecordError (never anything else) for bad input. */
export function normaliseQuestion(record: RawRecord): NormalisedQuestion {
  const parsed = apiQuestionSchema.safeParse(unwrapRecord(record));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadRecordError(
      recordIdOf(record),
      `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const q = parsed.data;
  const rawAnswer = q.answerText?.trim() ? q.answerText : null;
  const answerHtml = rawAnswer ? sanitiseAnswerHtml(rawAnswer) : null;
  const body = {
    id: q.id,
    uin: q.uin,
    house: q.house,
    heading: q.heading?.trim() || null,
    questionText: q.questionText.trim(),
    answerHtml,
    answerText: answerHtml ? htmlToText(answerHtml) : null,
    state: stateOf(q, answerHtml !== null),
    isHolding: q.answerIsHolding === true,
    isCorrection: q.answerIsCorrection === true,
    isWithdrawn: q.isWithdrawn === true,
    isNamedDay: q.isNamedDay === true,
    memberHasInterest: q.memberHasInterest === true,
    dateTabled: q.dateTabled.slice(0, 10),
    dateForAnswer: day(q.dateForAnswer),
    dateAnswered: day(q.dateAnswered),
    dateHoldingAnswer: day(q.dateHoldingAnswer),
    dateAnswerCorrected: day(q.dateAnswerCorrected),
    askingMemberId: q.askingMemberId,
    answeringMemberId: q.answeringMemberId ?? null,
    correctingMemberId: q.correctingMemberId ?? null,
    answeringBodyId: q.answeringBodyId ?? null,
    answeringBodyName: q.answeringBodyName?.trim() || null,
    groupedUins: q.groupedQuestions ?? [],
    groupedQuestions: (q.groupedQuestionsDates ?? []).map((g) => ({
      uin: g.questionUin,
      dateTabled: g.dateTabled.slice(0, 10),
    })),
    attachments: (q.attachments ?? []).map((a) => ({
      url: a.url ?? null,
      title: a.title ?? null,
      fileType: a.fileType ?? null,
      fileSizeBytes: a.fileSizeBytes ?? null,
    })),
  };
  const contentHash = createHash('sha256').update(JSON.stringify(body)).digest('base64url');
  return { ...body, raw: unwrapRecord(record), contentHash };
}
