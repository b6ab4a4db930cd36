import type { ReceivedMessage } from '@alerts/email/testing';

// Reading back what the emails announced, for the end-to-end tests: from each text part, which alert (by label)
// announced which question, as often as it appears.

/** "label:questionId" for every question card in every email, as often as it appears, sorted. */
export function announcements(messages: ReceivedMessage[], baseUrl = 'http://alerts.test'): string[] {
  const seen: string[] = [];
  const card = new RegExp(`^Read it: ${baseUrl.replace(/\./g, '\\.')}/questions/(\\d+)$`);
  for (const message of messages) {
    let label: string | undefined;
    for (const line of String(message.parsed.text).split('\n')) {
      const section = /^== (\S+) \(.*\) ==$/.exec(line) ?? /^NEW ANSWER: (\S+)$/.exec(line);
      if (section) label = section[1];
      const found = card.exec(line);
      if (found) seen.push(`${label}:${found[1]}`);
    }
  }
  return seen.sort();
}

/** What differs between two sorted multisets, for a readable failure. */
export function difference(want: string[], got: string[]) {
  const count = (list: string[]) => list.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const w = count(want);
  const g = count(got);
  const missing = [...w].flatMap(([k, n]) => Array(Math.max(0, n - (g.get(k) ?? 0))).fill(k) as string[]);
  const extra = [...g].flatMap(([k, n]) => Array(Math.max(0, n - (w.get(k) ?? 0))).fill(k) as string[]);
  return { missing, extra };
}

/**
 * The messages with one copy per Message-ID, and the duplicates that were dropped. A duplicate is only acceptable
 * as the same email again (same Message-ID, same announcements): a retry after a crash between the server's
 * acceptance and our record of it.
 */
export function byMessageId(messages: ReceivedMessage[], baseUrl?: string) {
  const first = new Map<string, ReceivedMessage>();
  const resent: { messageId: string; sameContent: boolean }[] = [];
  for (const message of messages) {
    const id = String(message.parsed.messageId);
    const earlier = first.get(id);
    if (!earlier) first.set(id, message);
    else
      resent.push({
        messageId: id,
        sameContent: announcements([earlier], baseUrl).join() === announcements([message], baseUrl).join(),
      });
  }
  return { unique: [...first.values()], resent };
}
