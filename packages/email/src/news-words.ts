// Words for what an alert email brings ("3 new answers", "Replayed answer") and what an alert is about, shared by
// the subjects and view models of the digest and immediate emails.

const MAX_TOPICS = 3;

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

/** "encryption, Home Office and 2 more": the topics of a digest's alerts, for its subject. */
export function topicList(alerts: readonly { label?: string | undefined; description: string }[]): string {
  const topics = [...new Set(alerts.map(topicOf))];
  const shown = topics.slice(0, MAX_TOPICS).join(', ');
  return topics.length > MAX_TOPICS ? `${shown} and ${topics.length - MAX_TOPICS} more` : shown;
}
