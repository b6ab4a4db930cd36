// CR and LF would start a new header; other controls and Unicode line breaks have no place in one either.
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
const CONTROL_RUNS = new RegExp(`${CONTROL.source}+`, 'g');

/**
 * Make free text (a subject, a display name) safe for one header line: line breaks and other control characters
 * become single spaces, runs of spaces collapse, and the result is cut to `maxLength` with "…".
 */
export function cleanHeaderText(text: string, maxLength = 200): string {
  const clean = text.replace(CONTROL_RUNS, ' ').replace(/ {2,}/g, ' ').trim();
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1).trimEnd()}…` : clean;
}

/** True when `text` holds anything {@link cleanHeaderText} would remove. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}
