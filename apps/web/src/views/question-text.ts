import { splitCutNote } from '@alerts/matching';
import { html } from './html';

/**
 * A question's text for a page, at most `max` characters. A text we hold only the start of (the list route's
 * preview; see cutNote in @alerts/matching) ends with a link to the full question on parliament.uk.
 */
export function questionTextHtml(questionText: string, max = Infinity) {
  const { text, cut, url } = splitCutNote(questionText);
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  if (!cut) return html`${shown}`;
  return url
    ? html`${shown} <a href="${url}" class="cut-note">[text cut; read the full question on parliament.uk]</a>`
    : html`${shown} [text cut]`;
}
