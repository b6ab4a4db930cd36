const NEEDS_ESCAPE = /[&<>"'`=]/;
const ESCAPABLE = /[&<>"'`=]/g;
// The same set Handlebars escapes: enough for text and for double- or single-quoted attribute values.
const ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;',
};

/** Escape a value for HTML text or a quoted attribute. `null`/`undefined` print nothing. */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, (char) => ENTITIES[char]!) : text;
}
