import type { ExcerptSegment } from './build-excerpt';
import { cutExcerpt, type ExcerptCutter } from './excerpt-memo';
import { newsCount, newsKicker, topicOf } from './build-subject';
import { digestPreheader, type DigestAlertView } from './fit-digest';
import { formatDate } from './format-date';
import type { TemplateName } from './template-names';
import type { ParsedTemplateData } from './template-schemas';

/** Knobs of the view model; see `RendererOptions`. */
export interface ViewModelOptions {
  maxCardsPerAlert: number;
  excerptLength: number;
  /** How excerpts are cut; the renderer passes a memo (see createExcerptMemo). Default: afresh each time. */
  excerpt?: ExcerptCutter;
}

/** What each follow email says, by what happened. */
const FOLLOW_WORDS = {
  HOLDING: {
    kicker: 'Holding answer',
    headline: 'The government cannot answer the question you follow yet',
    explanation: 'The department has sent a holding answer: it will answer later. We will write again when the answer arrives.',
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

type ParsedCard = ParsedTemplateData['digest']['alerts'][number]['questions'][number];

/** What the card partial reads. Absent values are `null`, never missing: templates compile in strict mode. */
export interface CardView {
  url: string;
  parliamentUrl: string | null;
  heading: string;
  department: string | null;
  askedBy: string | null;
  answeredBy: string | null;
  dateLabel: string;
  excerpt: ExcerptSegment[];
  /** The question's excerpt when the card has the question apart; the answer's excerpt is then labelled. */
  questionExcerpt: ExcerptSegment[] | null;
  /** "Answer" or "Holding answer". */
  answerLabel: string;
  holding: boolean;
  corrected: boolean;
  /** Asked, not yet answered: `excerpt` is the question's, and the card offers to follow it. */
  asked: boolean;
  /** "due for answer by 8 July 2026" on an asked card, else null. */
  dueLabel: string | null;
  /** On an asked card: "Not yet answered", or "Withdrawn" when it never will be. */
  askedStatus: string;
  /** An asked card of a question still waiting: it offers "Email me when this is answered". */
  followable: boolean;
  /** The question page's "Email me when this is answered" form. */
  followUrl: string;
}

/**
 * Turn validated data into exactly what the templates read: excerpts cut and split into highlight runs, dates
 * formatted, cards capped, counts worded. Templates hold no logic beyond `if` and `each`.
 */
export function buildViewModel<N extends TemplateName>(
  name: N,
  data: ParsedTemplateData[N],
  subject: string,
  options: ViewModelOptions,
): Record<string, unknown> {
  // Object literals with one fixed shape each rather than spreads: spread objects can fall into V8's slow dictionary
  // mode, and the fill reads every property of them for every recipient.
  const manageUrl = 'manageUrl' in data ? (data.manageUrl ?? null) : null;
  const unsubscribeUrl = 'unsubscribeUrl' in data ? data.unsubscribeUrl : null;
  const { recipientEmail, baseUrl } = data;
  switch (name) {
    case 'digest': {
      const digest = data as ParsedTemplateData['digest'];
      const { preheader, alerts } = digestView(digest, options);
      // Only an email that brings a question just asked says so; answers alone keep the usual words.
      const asked = digest.alerts.some((alert) => alert.askedCount > 0);
      const headline = digest.news === 'replayed'
        ? (asked ? 'Written questions and answers, replayed' : 'Answers to written questions, replayed')
        : (asked ? 'New written questions and answers' : 'New answers to written questions');
      const intro = asked ? 'Questions that match your alerts have been answered, or asked in Parliament.' : 'Ministers have answered questions that match your alerts.';
      // Every alert in full; fitDigest lists some as lines instead when the email would pass its size budget.
      return { subject, recipientEmail, baseUrl, manageUrl, unsubscribeUrl, preheader, headline, headlineCaps: headline.toUpperCase(), note: digest.note ?? null, intro, alerts, hasListed: false, listed: [], unlisted: null };
    }
    case 'immediate': {
      const { alert, question, news, note } = data as ParsedTemplateData['immediate'];
      const card = cardView(question, options);
      const kicker = newsKicker(news, card.asked);
      return { subject, recipientEmail, baseUrl, manageUrl, unsubscribeUrl, preheader: plainExcerpt(card.excerpt, 140), kicker, kickerCaps: kicker.toUpperCase(), note: note ?? null, alert: alertSummaryView(alert), card };
    }
    case 'confirmation': {
      const { alerts, follows, confirmUrl } = data as ParsedTemplateData['confirmation'];
      const onlyFollows = alerts.length === 0;
      const heading = confirmationHeading(alerts.length, follows.length);
      return {
        subject, recipientEmail, baseUrl, manageUrl, unsubscribeUrl,
        preheader: onlyFollows ? 'One click, and we will email you when it is answered.' : 'One click to start your Parliament Alerts.',
        confirmUrl,
        heading,
        headingText: heading.toUpperCase(),
        alerts: alerts.map(pendingAlertView),
        hasAlerts: alerts.length > 0,
        follows,
        hasFollows: follows.length > 0,
        followsIntro: `${onlyFollows ? `Someone, hopefully you, asked Parliament Alerts to email ${recipientEmail}` : 'And to email you'} when ${follows.length > 1 ? 'these questions are' : 'this question is'} answered (and if ${follows.length > 1 ? 'they are' : 'it is'} withdrawn, or the answer corrected):`,
        confirmLabel: onlyFollows ? 'Confirm: email me when it is answered' : 'Confirm and start alerts',
      };
    }
    case 'goodbye': {
      const goodbye = data as ParsedTemplateData['goodbye'];
      return {
        subject, recipientEmail, baseUrl, manageUrl, unsubscribeUrl,
        preheader: 'You will get no more alerts from us.',
        resubscribeUrl: goodbye.resubscribeUrl ?? goodbye.baseUrl,
      };
    }
    case 'manage-link':
      return { subject, recipientEmail, baseUrl, manageUrl, unsubscribeUrl, preheader: 'The link you asked for: your alerts, the questions you follow, and unsubscribing.' };
    case 'webhook-disabled': {
      const { alert, endpointHost, failingFor, lastError } = data as ParsedTemplateData['webhook-disabled'];
      return {
        subject, recipientEmail, baseUrl, manageUrl, unsubscribeUrl,
        preheader: `Posts to ${endpointHost} failed for ${failingFor}; new answers wait until you turn it back on.`,
        alert: { name: alert.label ?? alert.description }, endpointHost, failingFor, lastError,
      };
    }
    case 'follow': {
      const { event, question, overdueSince } = data as ParsedTemplateData['follow'];
      const words = event === 'OVERDUE' ? overdueWords(overdueSince ?? 'its due date') : FOLLOW_WORDS[event];
      return {
        subject, recipientEmail, baseUrl, manageUrl, unsubscribeUrl,
        preheader: words.explanation,
        kicker: words.kicker, headline: words.headline, explanation: words.explanation, answerLabel: words.answerLabel, closing: words.closing,
        // `cut`: fitFollow shortened the texts to keep the email inside its size budget.
        question: { url: question.url, title: question.title, meta: question.meta, questionText: question.questionText, hasAnswer: question.answerText !== null, answerText: question.answerText ?? '', answeredBy: question.answeredBy ?? null, cut: false },
      };
    }
  }
  throw new Error(`no view model for template ${String(name)}`);
}

function digestView(data: ParsedTemplateData['digest'], options: ViewModelOptions) {
  const searchUrl = `${data.baseUrl.replace(/\/+$/, '')}/search?q=`;
  const alerts = data.alerts.map((alert): DigestAlertView => {
    const cards = alert.questions.slice(0, options.maxCardsPerAlert).map((card) => cardView(card, options));
    const total = Math.max(alert.totalCount, alert.questions.length);
    const asked = Math.min(alert.askedCount, total);
    return {
      title: topicOf(alert),
      description: alert.description,
      hasLabel: alert.label !== undefined,
      countLabel: newsCount(total - asked, asked, data.news),
      cards,
      total,
      more: total - cards.length,
      moreUrl: alert.moreUrl ?? `${searchUrl}${encodeURIComponent(alert.query)}`,
    };
  });
  return { preheader: digestPreheader(alerts), alerts };
}

function confirmationHeading(alerts: number, follows: number): string {
  if (!follows) return alerts > 1 ? 'Confirm your alerts' : 'Confirm your alert';
  if (!alerts) return follows > 1 ? 'Confirm following these questions' : 'Confirm following this question';
  return 'Confirm your alerts and followed questions';
}

const SENT = { IMMEDIATE: 'emailed as soon as they appear', DAILY: 'in one email a day', WEEKLY: 'in one email a week' } as const;

/** "An alert on keywords and a department", "Answers, in one email a day": what it is, in our words only. */
function pendingAlertView(alert: ParsedTemplateData['confirmation']['alerts'][number]) {
  const on = [
    ...(alert.keywords ? ['keywords'] : []),
    ...(alert.member ? [alert.members.length ? `questions asked or answered by ${alert.members.join(' or ')}` : "a member's questions"] : []),
    ...(alert.department ? ['a department'] : []),
    ...(alert.house ? [`the House of ${alert.house === 'commons' ? 'Commons' : 'Lords'}`] : []),
  ];
  const title = on.length ? `An alert on ${on.length > 1 ? `${on.slice(0, -1).join(', ')} and ${on.at(-1)}` : on[0]}` : 'An alert';
  return { title, description: `${alert.askings ? 'Questions and answers' : 'Answers'}, ${SENT[alert.frequency]}` };
}

function alertSummaryView(alert: { label?: string | undefined; description: string }) {
  return { title: topicOf(alert), description: alert.description, hasLabel: alert.label !== undefined };
}

/** Characters of the question shown above the answer's excerpt. */
const QUESTION_EXCERPT_LENGTH = 180;

function cardView(card: ParsedCard, options: ViewModelOptions): CardView {
  const cut = options.excerpt ?? cutExcerpt;
  const common = { url: card.url, parliamentUrl: card.parliamentUrl ?? null, heading: card.heading, department: card.department, askedBy: card.askedBy, dateLabel: formatDate(card.dateAnswered) };
  if (card.asked) {
    // Nothing answered yet: the question is the news, with the excerpt's full length.
    return {
      ...common,
      answeredBy: null,
      excerpt: cut(card.questionText ?? card.text, card.highlight, options.excerptLength),
      questionExcerpt: null,
      answerLabel: 'Answer',
      holding: false,
      corrected: false,
      asked: true,
      dueLabel: card.dateDue && !card.withdrawn ? `due for answer by ${formatDate(card.dateDue)}` : null,
      askedStatus: card.withdrawn ? 'Withdrawn' : 'Not yet answered',
      followable: !card.withdrawn,
      followUrl: `${card.url}#follow`,
    };
  }
  return {
    ...common,
    answeredBy: card.answeredBy,
    excerpt: cut(card.text, card.highlight, options.excerptLength),
    // The question is the context, the answer the news: the question gets a short excerpt of its own.
    questionExcerpt: card.questionText !== undefined ? cut(card.questionText, card.highlight, QUESTION_EXCERPT_LENGTH) : null,
    answerLabel: card.holding ? 'Holding answer' : 'Answer',
    holding: card.holding,
    corrected: card.corrected,
    asked: false,
    dueLabel: null,
    askedStatus: '',
    followable: false,
    followUrl: card.url,
  };
}

function plainExcerpt(segments: readonly ExcerptSegment[], max: number): string {
  return truncate(segments.map((segment) => segment.text).join(''), max);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
