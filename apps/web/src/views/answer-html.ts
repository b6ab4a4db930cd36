import { raw, type SafeHtml } from './html';

// A cell that holds a figure rather than words: digits with separators, signs, currency, per cent and the like
// ("1,234", "£12.5m", "-3.2%", "2019-20", "<5", "(42)"), short. Such a cell must not break inside the figure.
const FIGURE = /^(?=.*\d)[\d\s.,%£$€+\-−–/()<>*~]{1,24}(?:k|m|bn|million|billion)?\*?$/i;

const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ',
  '&#160;': ' ',
  '&pound;': '£',
  '&#163;': '£',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&euro;': '€',
};
const cellText = (markup: string) =>
  markup
    .replace(/<[^>]*>/g, '')
    .replace(/&[#\w]+;/g, (e) => ENTITIES[e] ?? e)
    .trim();

/**
 * Sanitised answer HTML (allow-listed at ingest: tables carry no attributes, cells only colspan, rowspan and scope)
 * made fit for a phone: each table sits in its own scroll box, so a wide table scrolls sideways inside the answer
 * instead of the page, and cells holding a figure get `num`, which the stylesheet keeps on one line, so a number is
 * never broken across lines. The box is focusable and named, so keyboard users can scroll it (WCAG 2.1.1).
 */
export function answerHtml(sanitised: string): SafeHtml {
  let tables = 0;
  const marked = sanitised
    .replace(/<(td|th)((?:\s[^>]*)?)>([\s\S]*?)<\/\1>/gi, (whole, tag: string, attributes: string, content: string) =>
      // A cell holding a nested table is left alone: its lazy match ends inside the inner table.
      /<t(?:able|d|h)\b/i.test(content) || !FIGURE.test(cellText(content))
        ? whole
        : `<${tag}${attributes} class="num">${content}</${tag}>`,
    )
    .replace(
      /<table\b/gi,
      () =>
        `<div class="table-scroll" role="region" tabindex="0" aria-label="Table ${++tables} of the answer (scrolls sideways)"><table`,
    )
    .replace(/<\/table>/gi, '</table></div>');
  return raw(marked);
}
