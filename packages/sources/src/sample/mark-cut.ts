import { cutNote } from '@alerts/matching';
import { plainTextToHtml } from '../sanitise-html';

/** The question's page on parliament.uk, where its full text is. */
export const parliamentQuestionUrl = (dateTabled: string, uin: string) =>
  `https://questions-statements.parliament.uk/written-questions/detail/${dateTabled.slice(0, 10)}/${encodeURIComponent(uin)}`;

/** The list route's cut answers: the first 255 characters, then "..." (258 in all, in every real sample). */
export const isListCutAnswer = (text: unknown): text is string =>
  typeof text === 'string' && text.length === 258 && text.endsWith('...');

/** The list route's cut question texts: exactly 255 characters, with no mark (longer questions all stop there). */
export const isListCutQuestion = (text: unknown): text is string => typeof text === 'string' && text.length === 255;

/**
 * A cut list answer as HTML that says so: the preview ending "…", then a paragraph linking to the full answer.
 * The note is ours; matching and search leave it out (see cutNote in @alerts/matching).
 */
export function markCutAnswer(preview: string, url: string): string {
  const paragraph = plainTextToHtml(preview.replace(/\.\.\.$/, '').trimEnd());
  return `${paragraph.replace(/<\/p>$/, '…</p>')}<p><a href="${url}">${cutNote('answer')}</a></p>`;
}

/** A cut question text (plain) that says so, with the address of the full text: pages turn it into a link. */
export const markCutQuestion = (preview: string, url: string): string =>
  `${preview}… ${cutNote('question').replace(/\]$/, `: ${url}]`)}`;
