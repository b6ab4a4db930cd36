const NEEDS_ESCAPE = /[&<>"'`=]/;
const ESCAPABLE = /[&<>"'`=]/g;
// The same set Handlebars escapes: enough for text and for double- or single-quoted attribute values.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/** Escape text for HTML text or a quoted attribute. */
export function escapeHtml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, (char) => ENTITIES[char]!) : text;
}
