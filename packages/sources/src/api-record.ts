import { z } from 'zod';

/**
 * The Written Questions API's `QuestionsViewModel` (the `value` of every list item and detail response), as
 * observed in real records (see packages/sources/data/SOURCES.md and /shared API.md). Strict on the fields we key,
 * date or filter on; lenient on the rest, because Parliament adds fields without notice.
 */
const apiDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T00:00:00(\.0+)?Z?)?$/, 'expected a date like 2024-08-29T00:00:00')
  .refine((value) => {
    const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value.slice(0, 10);
  }, 'not a real calendar date');

const memberViewModel = z
  .object({
    id: z.number().int(),
    listAs: z.string().nullish(),
    name: z.string().nullish(),
    party: z.string().nullish(),
    partyColour: z.string().nullish(),
    partyAbbreviation: z.string().nullish(),
    memberFrom: z.string().nullish(),
    thumbnailUrl: z.string().nullish(),
  })
  .loose();

export const apiQuestionSchema = z
  .object({
    id: z.number().int().positive(),
    askingMemberId: z.number().int(),
    askingMember: memberViewModel.nullish(),
    house: z.enum(['Commons', 'Lords']),
    memberHasInterest: z.boolean().nullish(),
    dateTabled: apiDate,
    dateForAnswer: apiDate.nullish(),
    uin: z.string().min(1),
    questionText: z.string(),
    answeringBodyId: z.number().int().nullish(),
    answeringBodyName: z.string().nullish(),
    isWithdrawn: z.boolean().nullish(),
    isNamedDay: z.boolean().nullish(),
    groupedQuestions: z.array(z.string()).nullish(),
    groupedQuestionsDates: z.array(z.object({ questionUin: z.string(), dateTabled: apiDate }).loose()).nullish(),
    answerIsHolding: z.boolean().nullish(),
    answerIsCorrection: z.boolean().nullish(),
    answeringMemberId: z.number().int().nullish(),
    answeringMember: memberViewModel.nullish(),
    correctingMemberId: z.number().int().nullish(),
    correctingMember: memberViewModel.nullish(),
    dateAnswered: apiDate.nullish(),
    answerText: z.string().nullish(),
    dateAnswerCorrected: apiDate.nullish(),
    dateHoldingAnswer: apiDate.nullish(),
    heading: z.string().nullish(),
    attachments: z
      .array(
        z
          .object({
            url: z.string().nullish(),
            title: z.string().nullish(),
            fileType: z.string().nullish(),
            fileSizeBytes: z.number().nullish(),
          })
          .loose(),
      )
      .nullish(),
  })
  .loose();

export type ApiQuestion = z.infer<typeof apiQuestionSchema>;
export type ApiMemberViewModel = z.infer<typeof memberViewModel>;

/** A record as it arrives: a list item or detail `{ value, links }`, or a bare `value`. */
export type RawRecord = unknown;

/** Unwrap `{ value, links }` to `value`; anything else is returned as it is, for validation to judge. */
export function unwrapRecord(record: RawRecord): unknown {
  if (record && typeof record === 'object' && 'value' in record && typeof record.value === 'object') {
    return record.value;
  }
  return record;
}

/** Best-effort id of a record that failed validation, for the log line. */
export function recordIdOf(record: RawRecord): string {
  const value = unwrapRecord(record) as { id?: unknown; uin?: unknown } | null;
  if (value && (typeof value.id === 'number' || typeof value.id === 'string')) return String(value.id);
  if (value && typeof value.uin === 'string') return `uin ${value.uin}`;
  return '(no id)';
}
