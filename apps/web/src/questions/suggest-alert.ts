/**
 * Keywords for "Alert me about debates like this": each part of the heading ("Schools: Mental Health") becomes a
 * word or a quoted phrase, all required. Generic parts Parliament uses on many headings are dropped.
 */
const GENERIC = new Set(['departmental responsibilities', 'written questions', 'general']);

export function suggestQuery(heading: string | null): string {
  if (!heading) return '';
  const parts = heading
    .split(/[:;]/)
    .map((part) => part.replace(/["()]/g, ' ').replace(/\s+/g, ' ').trim())
    .filter((part) => part && !GENERIC.has(part.toLowerCase()));
  return parts.map((part) => (/\s|-/.test(part) ? `"${part}"` : part.toLowerCase())).join(' ');
}
