/**
 * The neutral shape the engine matches against. Build it from an API record with `fromApiRecord`, or from a
 * database row in the caller; the engine itself does no I/O.
 */
export interface MatchableQuestion {
  id: number;
  heading: string | null;
  /** Plain text; may contain HTML entities, which are decoded. */
  questionText: string | null;
  /** HTML: tags are stripped (each acts as a space) and entities decoded. */
  answerText: string | null;
  /** `'Commons'` or `'Lords'`. */
  house: string | null;
  askingMemberId: number | null;
  answeringMemberId: number | null;
  answeringBodyName: string | null;
}

type Json = Record<string, unknown>;

const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const asInteger = (value: unknown): number | null => (Number.isSafeInteger(value) ? (value as number) : null);

/**
 * Read a UK Parliament Written Questions API record, either the `value` object or the `{ value, links }` item the
 * list and detail routes return. Missing or mistyped fields become `null`; a record without an integer `id` throws
 * a `TypeError` because nothing could refer to its matches.
 */
export function fromApiRecord(record: unknown): MatchableQuestion {
  if (typeof record !== 'object' || record === null) throw new TypeError('record is not an object');
  const outer = record as Json;
  const value = typeof outer.value === 'object' && outer.value !== null ? (outer.value as Json) : outer;
  const id = asInteger(value.id);
  if (id === null) throw new TypeError('record has no integer id');
  return {
    id,
    heading: asString(value.heading),
    questionText: asString(value.questionText),
    answerText: asString(value.answerText),
    // The Members API gives house as 1 (Commons) or 2 (Lords); accept that too.
    house: value.house === 1 ? 'Commons' : value.house === 2 ? 'Lords' : asString(value.house),
    askingMemberId: asInteger(value.askingMemberId),
    answeringMemberId: asInteger(value.answeringMemberId),
    answeringBodyName: asString(value.answeringBodyName),
  };
}
