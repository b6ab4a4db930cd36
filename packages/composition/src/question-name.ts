/** What a question needs to be named. */
export interface NamedQuestion {
  house: string;
  uin: string;
  heading: string | null;
  questionText: string;
}

/** Characters of a question's own words used to name it when it has no heading yet. */
const WORDS_IN_NAME = 160;

/**
 * A question's title in Parliament's own words: its heading, or, for a question still waiting (Parliament gives the
 * heading with the answer, so most tabled questions have none), the start of what was asked, cut on a space.
 */
export function questionTitle(question: Pick<NamedQuestion, 'heading' | 'questionText'>): string {
  if (question.heading) return question.heading;
  const text = question.questionText.replace(/\s+/g, ' ').trim();
  if (text.length <= WORDS_IN_NAME) return text;
  const space = text.lastIndexOf(' ', WORDS_IN_NAME);
  return `${text.slice(0, space > WORDS_IN_NAME / 2 ? space : WORDS_IN_NAME).replace(/[\s,;:]+$/, '')}…`;
}

/**
 * The one way a followed question is named by itself (the follow confirmation page and email, the confirm page, the
 * admin's list of follows): "Commons question 26882 (Schools: Finance)", or with no heading, "Commons question 26882
 * (“To ask the Secretary of State for Health and Social Care, if she intends…”)". Never words a visitor typed.
 */
export function questionName(question: NamedQuestion): string {
  const title = questionTitle(question);
  return `${question.house} question ${question.uin} (${question.heading ? title : `“${title}”`})`;
}
