import { decode } from 'html-entities';
import sanitizeHtml from 'sanitize-html';

/**
 * Tags kept in answer HTML: what real answers use for structure (paragraphs, emphasis, links, lists, tables).
 * Everything else is unwrapped (kept as text) or, for script/style and friends, dropped with its content.
 */
const ALLOWED_TAGS = [
  'p',
  'br',
  'a',
  'strong',
  'b',
  'em',
  'i',
  'u',
  'sup',
  'sub',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'blockquote',
  'h3',
  'h4',
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'title'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan', 'scope'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'iframe',
    'object',
    'embed',
    'svg',
    'math',
    'head',
    'title',
  ],
  transformTags: {
    a: (tagName, attribs) => {
      const href = attribs.href ? unwrapLink(attribs.href) : undefined;
      const title =
        attribs.title && !/safelinks\.protection\.outlook\.com/i.test(attribs.title) ? attribs.title : undefined;
      // Links open in a new tab on the site; rel keeps that from leaking the opener.
      return { tagName, attribs: { ...(href ? { href } : {}), ...(title ? { title } : {}) } };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.text.trim(),
};

/**
 * Outlook "safelinks" and Office viewer links wrap the real URL in a query parameter; civil servants paste them
 * into answers. Show readers the real destination.
 */
export function unwrapLink(href: string): string {
  try {
    const url = new URL(href.trim());
    if (/(^|\.)safelinks\.protection\.outlook\.com$/i.test(url.hostname)) {
      const inner = url.searchParams.get('url');
      if (inner) return unwrapLink(inner);
    }
    if (/^view\.officeapps\.live\.com$/i.test(url.hostname)) {
      const inner = url.searchParams.get('src');
      if (inner) return unwrapLink(inner);
    }
    return href.trim();
  } catch {
    return href.trim();
  }
}

/** Allow-list sanitise answer HTML. Plain text (the list route's previews) comes back as one paragraph. */
export function sanitiseAnswerHtml(html: string): string {
  const input = /<[a-z!/]/i.test(html) ? html : plainTextToHtml(html);
  return sanitizeHtml(input, OPTIONS)
    .replace(/<p>(\s|&nbsp;|<strong>\s*<\/strong>)*<\/p>/g, '') // empty spacer paragraphs
    .trim();
}

/** A plain-text answer (as the list route gives it) as one paragraph of HTML. */
export const plainTextToHtml = (text: string): string => `<p>${escapeText(restoreParagraphSpaces(text))}</p>`;

/**
 * The list route flattens paragraphs by dropping the tags, so "crimes.</p><p>The National" arrives as
 * "crimes.The National". A sentence end glued to a capitalised word gets its space back; "U.K." and "3.5" do not match
 * (the letter before the stop must be lower case).
 */
function restoreParagraphSpaces(text: string): string {
  return text.replace(/([a-z0-9)][.!?:])(?=[A-Z][a-z])/g, '$1 ');
}

function escapeText(text: string): string {
  return text
    .replace(/&(?![a-z]+;|#\d+;)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const BLOCK_END = /<\/(p|div|li|tr|h[1-6]|blockquote|table|ul|ol|caption)>|<br\s*\/?>/gi;

/**
 * Plain text from (sanitised) HTML: block ends become newlines, table cells are separated, tags act as spaces,
 * entities are decoded, runs of spaces collapse.
 */
export function htmlToText(html: string): string {
  // Inside a table cell, paragraphs are just words: keep a row on one line, cells separated by " | ".
  const flatCells = html.replace(
    /(<t[dh][^>]*>)([\s\S]*?)(<\/t[dh]>)/gi,
    (_m, open: string, inner: string, close: string) => `${open}${inner.replace(BLOCK_END, ' ')}${close}`,
  );
  const withBreaks = flatCells
    .replace(BLOCK_END, '\n')
    .replace(/<\/t[dh]>\s*(?=<t[dh][\s>])/gi, ' | ')
    .replace(/<[^>]*>/g, ' ');
  return decode(withBreaks)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
