import type { ReceivedMessage } from '@alerts/email/testing';

/**
 * "label:questionId" for every question card in every alert email (text part), as often as it appears, sorted:
 * what was announced, alert by alert, for comparing with what the evaluator expects. Links are read under
 * `baseUrl` (the deployment's PUBLIC_BASE_URL). production-topology.int.test.ts still has its own copy of this and
 * of `difference`; it can import these instead.
 */
export function announcements(messages: ReceivedMessage[], baseUrl = 'http://alerts.test'): string[] {
  const card = new RegExp(`^Read it: ${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/questions/(\\d+)$`);
  const seen: string[] = [];
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
