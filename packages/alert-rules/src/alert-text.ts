import { describeQuery, validateQuery, type QueryValidation } from '@alerts/matching';
import { ALERT_TEXT_LIMITS } from './alert-text-limits';

// Half of a UTF-16 surrogate pair on its own: not text (no form post can carry it, but a JSON import can), and
// encodeURIComponent throws on it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text with any lone surrogate replaced by U+FFFD, safe to encode in a URL. */
export const wellFormed = (text: string) => text.replace(new RegExp(LONE_SURROGATE, 'g'), '\ufffd');

/**
 * The one label rule (web form, manage page, admin, CLI): why `label` cannot be stored, or null. At most
 * ALERT_TEXT_LIMITS.label characters on one line: control characters (CR/LF, NUL), invisible line separators and
 * broken Unicode are refused.
 */
export function labelProblem(label: string): string | null {
  if (
    label.length > ALERT_TEXT_LIMITS.label ||
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(label) ||
    LONE_SURROGATE.test(label)
  ) {
    return `Use at most ${ALERT_TEXT_LIMITS.label} characters, on one line.`;
  }
  return null;
}

/**
 * Validate a query for storing: the parser's rules, plus the email's. A query whose plain-English description is
 * longer than an email can show (about 40 OR-ed words) is refused here, at sign-up, with the rule the renderer uses.
 */
export function checkAlertQuery(query: string): QueryValidation {
  const broken = query.search(LONE_SURROGATE);
  if (broken >= 0) return { ok: false, error: { message: 'this character cannot be used', position: broken } };
  const checked = validateQuery(query);
  if (!checked.ok) return checked;
  if (describeQuery(checked.query).length > ALERT_TEXT_LIMITS.description) {
    return {
      ok: false,
      error: {
        message: 'this alert is too long to describe in an email: use fewer words, or make two alerts',
        position: 0,
      },
    };
  }
  return checked;
}

/** Text shortened to `max` characters with an ellipsis, never splitting a surrogate pair. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (/[\ud800-\udbff]/.test(text.charAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * Fit a stored alert's description into an email. Rows stored before the sign-up check (or by hand) may be longer;
 * one such alert must shorten, not fail the subscriber's whole email.
 */
export const fitDescription = (description: string) => shorten(description, ALERT_TEXT_LIMITS.description);

/** Fit a stored label into an email: shortened, control characters as spaces, or undefined when nothing is left. */
export function fitLabel(label: string | null | undefined): string | undefined {
  const clean = (label ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return clean ? shorten(clean, ALERT_TEXT_LIMITS.label) : undefined;
}
