import { cleanHeaderText } from './clean-header-text';
import type { TemplateName } from './template-names';
import type { ParsedTemplateData } from './template-schemas';

const MAX_TOPICS = 3;

const FOLLOW_SUBJECT = {
  HOLDING: 'Holding answer',
  ANSWERED: 'Answered',
  CORRECTED: 'Answer corrected',
  WITHDRAWN: 'Withdrawn',
  OVERDUE: 'Still waiting',
} as const;

/**
 * The subject line: it names the content ("3 new answers: encryption, Home Office") and is always one clean
 * header line (no CR/LF, at most 150 characters), whatever the data holds.
 */
export function buildSubject<N extends TemplateName>(name: N, data: ParsedTemplateData[N]): string {
  return cleanHeaderText(subjectOf(name, data), 150);
}

function subjectOf(name: TemplateName, data: ParsedTemplateData[TemplateName]): string {
  switch (name) {
    case 'digest': {
      const { alerts, news } = data as ParsedTemplateData['digest'];
      let answers = 0;
      let asked = 0;
      for (const alert of alerts) {
        const total = Math.max(alert.totalCount, alert.questions.length);
        asked += Math.min(alert.askedCount, total);
        answers += total - Math.min(alert.askedCount, total);
      }
      return `${newsCount(answers, asked, news)}: ${topicList(alerts)}`;
    }
    case 'immediate': {
      const { alert, question, news } = data as ParsedTemplateData['immediate'];
      return `${newsKicker(news, question.asked)} on ${topicOf(alert)}: ${question.heading}`;
    }
    case 'confirmation': {
      const { alerts, follows } = data as ParsedTemplateData['confirmation'];
      // Followed questions are named by Parliament's own words; alerts never by the requester's (no query, no label).
      if (!alerts.length) return `Confirm: email me when ${follows.length === 1 ? `${follows[0]!.description} is` : `${follows.length} questions are`} answered`;
      // A member's name is ours, not the requester's: "Confirm your alert on Jeremy Corbyn".
      const named = alerts.length === 1 && alerts[0]!.members.length ? ` on ${alerts[0]!.members.join(' or ')}` : '';
      const what = alerts.length === 1 ? `Confirm your alert${named}` : `Confirm your ${alerts.length} alerts`;
      return follows.length ? `${what}, and ${follows.length === 1 ? 'a question' : `${follows.length} questions`} to follow` : what;
    }
    case 'goodbye':
      return 'You have unsubscribed from Parliament Alerts';
    case 'webhook-disabled':
      return 'Webhook turned off: posts to it kept failing';
    case 'manage-link':
      return 'Your link to manage your Parliament Alerts';
    case 'follow': {
      const { event, question } = data as ParsedTemplateData['follow'];
      return `${FOLLOW_SUBJECT[event]}: ${question.title}`;
    }
  }
}

/**
 * "3 new answers", "1 new question", "2 new answers, 1 new question": what an email or an alert's section brings
 * ("3 replayed answers" in demo mode).
 */
export function newsCount(answers: number, asked: number, news: 'new' | 'replayed' = 'new'): string {
  const parts = [
    ...(answers > 0 || asked === 0 ? [`${answers} ${news} ${answers === 1 ? 'answer' : 'answers'}`] : []),
    ...(asked > 0 ? [`${asked} ${news} ${asked === 1 ? 'question' : 'questions'}`] : []),
  ];
  return parts.join(', ');
}

/** "New answer", "New question"; "Replayed answer" in demo mode. */
export function newsKicker(news: 'new' | 'replayed', asked: boolean): string {
  return `${news === 'new' ? 'New' : 'Replayed'} ${asked ? 'question' : 'answer'}`;
}

/** What an alert is about, in as few words as we have: the subscriber's label, else the description. */
export function topicOf(alert: { label?: string | undefined; description: string }): string {
  return alert.label ?? alert.description;
}

function topicList(alerts: readonly { label?: string | undefined; description: string }[]): string {
  const topics = [...new Set(alerts.map(topicOf))];
  const shown = topics.slice(0, MAX_TOPICS).join(', ');
  return topics.length > MAX_TOPICS ? `${shown} and ${topics.length - MAX_TOPICS} more` : shown;
}
