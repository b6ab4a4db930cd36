import { readFileSync } from 'node:fs';
import { ALERT_TEXT_LIMITS } from '@alerts/alert-rules';
import { htmlToText, loadSampleRecords, samplePath } from '@alerts/sources';
import type { TemplateName } from './template-names';
import { MAX_DIGEST_ALERTS, type Card, type DigestData, type TemplateData } from './template-schemas';

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
    id: number; uin: string; heading: string; answeringBodyName: string; dateTabled: string;
    dateAnswered: string | null; questionText: string; answerText: string | null; answeringMemberId: number | null;
    answerIsHolding: boolean; answerIsCorrection: boolean;
  };
}

// From the Members API index items of the same source (answeringMember.nameDisplayAs, latestParty.name).
const ANSWERING_MEMBERS: Record<number, string> = {
  4603: 'Preet Kaur Gill (Labour)', 5148: 'Mr Hamish Falconer (Labour)', 5235: 'Al Carns (Labour)',
  4682: 'Luke Pollard (Labour)', 4264: 'Stephen Doughty (Labour)', 4382: 'Daniel Zeichner (Labour)',
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
    .filter(({ value }) => value.id === HOLDING_SAMPLE_ID || SAMPLE_TOPICS.test(value.questionText) || SAMPLE_TOPICS.test(value.answerText ?? ''))
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

/** Options of {@link sampleTemplateData}. */
export interface SampleDataOptions {
  baseUrl?: string;
  recipientEmail?: string;
}

/**
 * Data for previewing each template with real questions: `alerts preview digest` uses it. The digest's first
 * alert has more matches than fit, to show "see N more".
 */
export function sampleTemplateData<N extends TemplateName>(name: N, options: SampleDataOptions = {}): TemplateData[N] {
  const baseUrl = options.baseUrl ?? 'http://localhost:3000';
  const links = {
    recipientEmail: options.recipientEmail ?? 'reader@example.org',
    baseUrl,
    manageUrl: `${baseUrl}/alerts/manage?token=sample-manage-token`,
    unsubscribeUrl: `${baseUrl}/unsubscribe?token=sample-unsubscribe-token`,
  };
  const bases = { label: 'military bases', description: 'answers mentioning "bases"', query: 'bases' };
  const nuclear = {
    description: 'answers mentioning "nuclear", from the Foreign, Commonwealth and Development Office',
    query: 'nuclear department:"Foreign, Commonwealth and Development Office"',
  };
  const all: { [K in TemplateName]: () => TemplateData[K] } = {
    digest: () => {
      const baseQuestions = sampleQuestionsMentioning(['bases', 'base']);
      const nuclearQuestions = sampleQuestionsMentioning(['nuclear'], 'Foreign, Commonwealth and Development Office');
      return {
        ...links,
        alerts: [
          { ...bases, totalCount: baseQuestions.length, questions: baseQuestions.map((q) => sampleCard(q, baseUrl, ['bases', 'base'])) },
          { ...nuclear, totalCount: nuclearQuestions.length, questions: nuclearQuestions.map((q) => sampleCard(q, baseUrl, ['nuclear'])) },
        ],
      };
    },
    immediate: () => {
      const holding = sampleQuestions().find((q) => q.holding) ?? sampleQuestions()[0]!;
      return {
        ...links,
        alert: { label: 'Healthtech', description: 'answers mentioning "Healthtech", from the Department of Health and Social Care' },
        question: sampleCard(holding, baseUrl, ['Healthtech']),
      };
    },
    confirmation: () => ({
      ...links,
      confirmUrl: `${baseUrl}/confirm?token=sample-confirm-token`,
      alerts: [{ keywords: true, department: true, frequency: 'DAILY' as const }, { keywords: true, frequency: 'IMMEDIATE' as const, askings: true }],
    }),
    goodbye: () => ({ recipientEmail: links.recipientEmail, baseUrl, resubscribeUrl: `${baseUrl}/alerts/new` }),
    'manage-link': () => ({ ...links }),
    'webhook-disabled': () => ({
      ...links,
      alert: { description: 'answers mentioning "flood defences"' },
      endpointHost: 'hooks.example.org',
      failingFor: '24 hours',
      lastError: 'HTTP 500: Internal Server Error',
    }),
    follow: () => {
      const answered = sampleQuestions()[0]!;
      return {
        ...links,
        event: 'ANSWERED' as const,
        question: {
          url: `${baseUrl}/questions/${answered.id}`,
          title: answered.heading,
          meta: `Answered ${answered.dateAnswered}`,
          questionText: answered.text,
          answerText: answered.text,
          answeredBy: `Answered by ${answered.answeredBy ?? 'the department'} (${answered.department}) on ${answered.dateAnswered}`,
        },
      };
    },
  };
  return all[name]();
}

/**
 * The largest digest there can be: `MAX_DIGEST_ALERTS` alerts, each with `cardsPerAlert` cards of the sample's
 * longest real questions and answers, labels and descriptions at their length limits, and links as long as the
 * pipeline's (signed tokens, "See all" pages). The size budget's test and `npm run bench:email` measure this.
 */
export function largestDigestData(cardsPerAlert = 10, alertCount = MAX_DIGEST_ALERTS): DigestData {
  const baseUrl = 'https://alerts.example.org';
  const token = (purpose: string) => `${Buffer.from(JSON.stringify({ p: purpose, s: 'cmf0subscriber0000000000000', v: 12 })).toString('base64url')}.${'x'.repeat(43)}`;
  const manageUrl = `${baseUrl}/manage/${token('manage')}`;
  const longest = [...sampleQuestions()].sort((a, b) => b.heading.length + b.text.length - (a.heading.length + a.text.length));
  const words = ['nuclear', 'bases', 'base', 'defence', 'Ministry'];
  // Real words, repeated to the limit: "answers mentioning "nuclear" or "bases", from the Ministry of Defence, …".
  const upTo = (text: string, length: number) => text.repeat(Math.ceil(length / text.length)).slice(0, length).trimEnd();
  return {
    recipientEmail: 'a.reader.with.a.long.address@example.org',
    baseUrl,
    manageUrl,
    unsubscribeUrl: `${baseUrl}/unsubscribe/${token('unsubscribe')}`,
    alerts: Array.from({ length: alertCount }, (_, a) => ({
      label: upTo(`Defence and nuclear bases ${a}, `, ALERT_TEXT_LIMITS.label),
      description: upTo(`answers mentioning "nuclear" or "bases" or "defence", from the Ministry of Defence (alert ${a}), `, ALERT_TEXT_LIMITS.description),
      query: 'nuclear OR bases OR defence',
      totalCount: 1000,
      moreUrl: `${manageUrl}/alerts/cmf0subscription${String(a).padStart(10, '0')}/more?match=${1_000_000_000 + a}`,
      questions: Array.from({ length: cardsPerAlert }, (_, k) => sampleCard(longest[(a + k) % longest.length]!, baseUrl, words)),
    })),
  };
}
