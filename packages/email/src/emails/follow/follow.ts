import { z } from 'zod';
import { sampleQuestions } from '../../sample-questions';
import { line, listLinks, recipient, webUrl } from '../../template-schemas';
import { defineEmail } from '../define-email';

/**
 * What happened to a followed question: the four moves a follow emails about, or OVERDUE, the one "still waiting"
 * note a follower may ask for when the question passes its due date unanswered.
 */
const followEventSchema = z.enum(['HOLDING', 'ANSWERED', 'CORRECTED', 'WITHDRAWN', 'OVERDUE']);

/** One email to a follower of one question: what happened, the question, and the answer when there is one. */
const followDataSchema = z.object({
  ...recipient,
  ...listLinks,
  event: followEventSchema,
  /** For OVERDUE: the due date it has been overdue since, as words ("7 September 2026"). */
  overdueSince: line(40).optional(),
  question: z.object({
    /** Our question page. */
    url: webUrl,
    /** e.g. "Commons question 26882: Schools: Finance". */
    title: line(600),
    /** e.g. "Tabled 2 September 2026 · due 7 September 2026 (named day) · Department for Education". */
    meta: z.string().max(600),
    questionText: z.string().min(1).max(200_000),
    /** Plain text of the answer (holding, substantive or corrected); null when withdrawn. */
    answerText: z.string().max(200_000).nullable(),
    /**
     * Who gave the answer shown, and when, in words: "Answered by Karin Smyth (Department of Health and Social Care)
     * on 21 September 2026". Absent when there is no answer to attribute.
     */
    answeredBy: line(600).optional(),
  }),
});

/** The subject's opening, by what happened. */
const FOLLOW_SUBJECT = {
  HOLDING: 'Holding answer',
  ANSWERED: 'Answered',
  CORRECTED: 'Answer corrected',
  WITHDRAWN: 'Withdrawn',
  OVERDUE: 'Still waiting',
} as const;

/** What each follow email says, by what happened. */
const FOLLOW_WORDS = {
  HOLDING: {
    kicker: 'Holding answer',
    headline: 'The government cannot answer the question you follow yet',
    explanation:
      'The department has sent a holding answer: it will answer later. We will write again when the answer arrives.',
    answerLabel: 'The holding answer',
    closing: 'You are still following this question.',
  },
  ANSWERED: {
    kicker: 'Answered',
    headline: 'The question you follow has been answered',
    explanation: 'The government has answered the question you follow. Here is the answer.',
    answerLabel: 'The answer',
    closing: 'If the answer is corrected we will tell you; otherwise this is our last email about it.',
  },
  CORRECTED: {
    kicker: 'Answer corrected',
    headline: 'The answer to the question you follow has been corrected',
    explanation: 'The government has corrected its answer to the question you follow. Here is the corrected answer.',
    answerLabel: 'The corrected answer',
    closing: 'This is our last email about this question: your follow has ended.',
  },
  WITHDRAWN: {
    kicker: 'Withdrawn',
    headline: 'The question you follow has been withdrawn',
    explanation: 'The member who tabled the question you follow has withdrawn it, so it will not be answered.',
    answerLabel: 'Answer',
    closing: 'This is our last email about this question: your follow has ended.',
  },
} as const;

/** The one "still waiting" note, sent when a followed question passes its due date unanswered (if asked for). */
function overdueWords(since: string) {
  return {
    kicker: 'Still waiting',
    headline: 'The question you follow is overdue',
    explanation: `It has not been answered, and has been overdue since ${since}, the date it was due for answer. A department that needs more time says so with a holding answer; the question may still be answered late.`,
    answerLabel: 'The holding answer',
    closing: 'We will still write when it is answered. This is the only reminder we send about its due date.',
  };
}

/** To a follower of one question: it was answered, held, corrected, withdrawn, or is overdue. */
export const followEmail = defineEmail({
  schema: followDataSchema,
  subject: ({ event, question }) => `${FOLLOW_SUBJECT[event]}: ${question.title}`,
  viewModel: (data, subject) => {
    const { event, question, overdueSince } = data;
    const words = event === 'OVERDUE' ? overdueWords(overdueSince ?? 'its due date') : FOLLOW_WORDS[event];
    return {
      subject,
      recipientEmail: data.recipientEmail,
      baseUrl: data.baseUrl,
      manageUrl: data.manageUrl,
      unsubscribeUrl: data.unsubscribeUrl,
      preheader: words.explanation,
      kicker: words.kicker,
      headline: words.headline,
      explanation: words.explanation,
      answerLabel: words.answerLabel,
      closing: words.closing,
      // `cut`: fitFollow shortened the texts to keep the email inside its size budget.
      question: {
        url: question.url,
        title: question.title,
        meta: question.meta,
        questionText: question.questionText,
        hasAnswer: question.answerText !== null,
        answerText: question.answerText ?? '',
        answeredBy: question.answeredBy ?? null,
        cut: false,
      },
    };
  },
  sample: (links) => {
    const answered = sampleQuestions()[0]!;
    return {
      ...links,
      event: 'ANSWERED' as const,
      question: {
        url: `${links.baseUrl}/questions/${answered.id}`,
        title: answered.heading,
        meta: `Answered ${answered.dateAnswered}`,
        questionText: answered.text,
        answerText: answered.text,
        answeredBy: `Answered by ${answered.answeredBy ?? 'the department'} (${answered.department}) on ${answered.dateAnswered}`,
      },
    };
  },
});
