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
      const { alerts } = data as ParsedTemplateData['digest'];
      const total = alerts.reduce((sum, alert) => sum + Math.max(alert.totalCount, alert.questions.length), 0);
      return `${total} new ${total === 1 ? 'answer' : 'answers'}: ${topicList(alerts)}`;
    }
    case 'immediate': {
      const { alert, question } = data as ParsedTemplateData['immediate'];
      return `New answer on ${topicOf(alert)}: ${question.heading}`;
    }
    case 'confirmation': {
      const { alerts, follows } = data as ParsedTemplateData['confirmation'];
      if (!alerts.length) return `Confirm: email me when ${follows.length === 1 ? `${follows[0]!.description} is` : `${follows.length} questions are`} answered`;
      const what = alerts.length === 1 ? `Confirm your alert: ${topicList(alerts)}` : `Confirm your ${alerts.length} alerts: ${topicList(alerts)}`;
      return follows.length ? `${what}, and ${follows.length === 1 ? 'a question' : `${follows.length} questions`} to follow` : what;
    }
    case 'goodbye':
      return 'You have unsubscribed from Parliament Alerts';
    case 'follow': {
      const { event, question } = data as ParsedTemplateData['follow'];
      return `${FOLLOW_SUBJECT[event]}: ${question.title}`;
    }
  }
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
