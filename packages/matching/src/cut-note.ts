/**
 * The note that ends a text we hold only the start of: Parliament's list route cuts answers at 255 characters
 * (adding "...") and question texts at 255 (adding nothing), and the bundled sample keeps such previews where no
 * full text was recorded. The note says so and links to the full text on parliament.uk; in a plain-text question it
 * carries the address itself: "[text cut; read the full question on parliament.uk: https://…]".
 *
 * It is ours, not Parliament's words, so no alert, search or highlight ever matches it: questionFields leaves it out
 * (otherwise an alert on "parliament" would match every cut answer).
 */
export type CutText = 'answer' | 'question';

export const cutNote = (what: CutText): string => `[text cut; read the full ${what} on parliament.uk]`;

/** The note at the end of a text (plain, or HTML turned into text), with the address a plain question carries. */
const CUT_NOTE_AT_END = /\s*\[text cut; read the full (?:answer|question) on parliament\.uk(?::\s*\S+?)?\]\s*$/;

/** Whether `text` (plain or HTML) ends with the note. */
export const endsWithCutNote = (text: string): boolean => CUT_NOTE_AT_END.test(text.replace(/<[^>]*>/g, ''));

/** `text` (plain) without the note. */
export const withoutCutNote = (text: string): string => text.replace(CUT_NOTE_AT_END, '');

const PLAIN_NOTE = /\s*\[text cut; read the full (?:answer|question) on parliament\.uk(?::\s*(\S+?))?\]\s*$/;

/** A plain text and the note that ends it, apart: the text before it, and the address the note carries (or null). */
export function splitCutNote(text: string): { text: string; cut: boolean; url: string | null } {
  const note = PLAIN_NOTE.exec(text);
  if (!note) return { text, cut: false, url: null };
  return { text: text.slice(0, note.index), cut: true, url: note[1] ?? null };
}
