/** A single text field from a parsed form or query string: '' when missing or repeated (never an array). */
export function formField(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** True when text holds control characters (CR/LF would be a header-injection attempt in anything emailed). */
export const hasControlCharacters = (text: string) => /[\u0000-\u001f\u007f]/.test(text);
