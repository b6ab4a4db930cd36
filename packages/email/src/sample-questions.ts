import { readFileSync } from 'node:fs';
import { htmlToText, loadSampleRecords, samplePath } from '@alerts/sources';
import type { Card } from './template-schemas';

// Real questions for the sample data of the emails (emails/NAME/NAME.ts), shared by them and the size budget's largest
// digest. They come from the records bundled with @alerts/sources, the only reason this package depends on it.

/**
 * A real answered question from the bundled records of `@alerts/sources` (Open Parliament Licence v3.0), reduced to
 * what emails use.
 */
export interface SampleQuestion {
  id: number;
  uin: string;
  heading: string;
  department: string;
  dateTabled: string;
  dateAnswered: string;
  /** Question then answer, as plain text. */
  text: string;
  questionText: string;
  /** The answer alone, as plain text. */
  answerText: string;
  answeredBy: string | null;
  holding: boolean;
  corrected: boolean;
}

interface Payload {
  value: {
    id: number;
    uin: string;
    heading: string;
    answeringBodyName: string;
    dateTabled: string;
    dateAnswered: string | null;
    questionText: string;
    answerText: string | null;
    answeringMemberId: number | null;
    answerIsHolding: boolean;
    answerIsCorrection: boolean;
  };
}

// From the Members API index items of the same source (answeringMember.nameDisplayAs, latestParty.name).
const ANSWERING_MEMBERS: Record<number, string> = {
  4603: 'Preet Kaur Gill (Labour)',
  5148: 'Mr Hamish Falconer (Labour)',
  5235: 'Al Carns (Labour)',
  4682: 'Luke Pollard (Labour)',
  4264: 'Stephen Doughty (Labour)',
  4382: 'Daniel Zeichner (Labour)',
};
// Every sample question was asked by member 185; the payloads carry no party, so none is claimed.
const ASKED_BY = 'Jeremy Corbyn';

// The samples: of Jeremy Corbyn's 90 bundled detail payloads, the answered ones whose question or answer mentions
// "base", "bases" or "nuclear", plus a holding answer (for the immediate email).
const SAMPLE_TOPICS = /\b(?:base|bases|nuclear)\b/i;
const HOLDING_SAMPLE_ID = 1919120;

let cached: SampleQuestion[] | undefined;

/** The sample questions (27 real answered written questions), read on first call. */
export function sampleQuestions(): SampleQuestion[] {
  cached ??= (JSON.parse(readFileSync(samplePath('corbynDetails'), 'utf8')) as Payload[])
    .filter(({ value }) => value.answerText && value.dateAnswered)
    .filter(
      ({ value }) =>
        value.id === HOLDING_SAMPLE_ID ||
        SAMPLE_TOPICS.test(value.questionText) ||
        SAMPLE_TOPICS.test(value.answerText ?? ''),
    )
    .map(({ value }) => ({
      id: value.id,
      uin: value.uin,
      heading: value.heading,
      department: value.answeringBodyName,
      dateTabled: value.dateTabled.slice(0, 10),
      dateAnswered: (value.dateAnswered ?? '').slice(0, 10),
      // The sources' htmlToText keeps block ends as line breaks; a card's text is one run of words.
      text: `${value.questionText} ${htmlToText(value.answerText ?? '').replace(/\s+/g, ' ')}`,
      questionText: value.questionText,
      answerText: htmlToText(value.answerText ?? '').replace(/\s+/g, ' '),
      answeredBy: value.answeringMemberId === null ? null : (ANSWERING_MEMBERS[value.answeringMemberId] ?? null),
      holding: value.answerIsHolding,
      corrected: value.answerIsCorrection,
    }));
  return cached;
}

/** A sample question as a digest card linking to `baseUrl`, highlighting `highlight`. */
export function sampleCard(question: SampleQuestion, baseUrl: string, highlight: string[]): Card {
  return {
    id: question.id,
    url: `${baseUrl}/questions/${question.id}`,
    parliamentUrl: `https://questions-statements.parliament.uk/written-questions/detail/${question.dateTabled}/${question.uin}`,
    heading: question.heading,
    department: question.department,
    askedBy: ASKED_BY,
    answeredBy: question.answeredBy,
    dateAnswered: question.dateAnswered,
    text: question.answerText,
    questionText: question.questionText,
    highlight,
    holding: question.holding,
    corrected: question.corrected,
  };
}

/** The real tabled question of the sample that tests of following use (1937695), still unanswered. */
const ASKED_SAMPLE_ID = 1937695;

/**
 * A real question tabled and not yet answered, as the card of an alert that also announces askings: the question's
 * text, the date it was tabled, when it is due, and `asked` set.
 */
export function sampleAskedCard(baseUrl: string, highlight: string[] = ['medical', 'school']): Card {
  const { value } = loadSampleRecords().find((record) => record.value.id === ASKED_SAMPLE_ID)!;
  const tabled = String(value.dateTabled).slice(0, 10);
  return {
    id: ASKED_SAMPLE_ID,
    url: `${baseUrl}/questions/${ASKED_SAMPLE_ID}`,
    parliamentUrl: `https://questions-statements.parliament.uk/written-questions/detail/${tabled}/${String(value.uin)}`,
    heading: typeof value.heading === 'string' ? value.heading : `Commons question ${String(value.uin)}`,
    department: String(value.answeringBodyName),
    askedBy: null,
    answeredBy: null,
    dateAnswered: tabled,
    dateDue: String(value.dateForAnswer).slice(0, 10),
    text: String(value.questionText),
    highlight,
    asked: true,
  };
}

/** Sample questions whose text mentions one of `words` as a whole word. */
export function sampleQuestionsMentioning(words: string[], department?: string): SampleQuestion[] {
  const pattern = new RegExp(`\\b(?:${words.join('|')})\\b`, 'i');
  return sampleQuestions().filter((q) => pattern.test(q.text) && (!department || q.department === department));
}
