import { addressesIn } from './address-in';
import { clipEvidence, type BounceEntry } from './bounce-entry';
import { classifyBounce, inferStatus, statusCodeIn } from './classify-bounce';

/** Where the server's report ends and its copy of our message begins, in the dialects of common servers. */
const ORIGINAL_FOLLOWS =
  /^[ \t>-]*(?:-+ ?)?(?:below this line is a copy of the message|original message follows|this is a copy of the message|a copy of the original message|original message headers|undelivered message headers|the original message (?:follows|is (?:attached|below|included))|included is a copy|returned message|message headers? follows|header of the (?:original|source) (?:message|mail)|start of returned message|-+ ?original message ?-+|-+ ?(?:the )?(?:original|returned) (?:message|mail)|unsent message below|your message reads|content of the original message|the first \d+ lines of your original message|received: from )/im;

/** Lines that quote the original message's headers in the report ("To: list@…", "Subject: …"): not bounced addresses. */
const QUOTED_HEADER =
  /^\s*(?:to|from|cc|bcc|reply-to|sender|return-path|subject|sent|date|message-id|reporting-mta|received-from-mta|remote-mta|x-[\w-]+|received|arrival-date|by)\s*:/i;

/** How a server introduces a failed recipient, for the address on the same line. */
const RECIPIENT_CUE =
  /(?:rcpt to:?|unknown user:?|user unknown:?|recipient:?|addressee:?|deliver(?:ed|y)? to|delivering to|could not be delivered to:?|undeliverable\s+to|did not reach|following address(?:es)?(?:\(es\))?:?|message to|failed recipient|mailbox|for|to:|(?:originally )?addressed(?: to|,)|original address:)\s*["'<]?$/i;

/** Text that says a delivery failed for good, for a report that gives no code. */
const PERMANENT =
  /permanent(?:ly)?|fatal|(?:has|have) failed|could not be delivered|couldn't be delivered|undeliverable|unable to deliver|not be delivered|did not reach|returned to sender|not delivered|rejected|no such|doesn't have|does not exist|n'existe pas|unknown|failure notice|delivery failure/i;
const TRANSIENT =
  /temporar|will (?:retry|continue trying|keep trying)|(?:not yet|has not yet) been delivered|delayed|warning:? message|deferred|still trying/i;

/**
 * The bounced recipients named in a bounce's human-readable text, for servers that send no DSN (qmail, old Exim and
 * Exchange, Yahoo, many webmail providers) or whose DSN lost its recipients. An address counts when it stands where
 * servers put the failed recipient: alone on its line (`<ann@example.com>:`), at the start of one
 * (`ann@example.com on …`, `ann@example.com: host said …`), after a cue (`RCPT TO:<…>`, `Unknown user: …`,
 * `could not be delivered to: …`), or in Sendmail's `<…>... reason`. Addresses of `ignore` (the bounce's own
 * sender and recipient) never count.
 */
export function readPlainTextBounce(text: string, ignore: Set<string>): BounceEntry[] {
  const report = text.replace(/\r\n?/g, '\n').split(ORIGINAL_FOLLOWS)[0] ?? '';
  const lines = report.split('\n');
  const found = new Map<string, number>();
  lines.forEach((line, index) => {
    if (QUOTED_HEADER.test(line)) return;
    for (const address of addressesIn(line)) {
      if (ignore.has(address) || /^(?:postmaster|mailer-daemon|mail-daemon|root|abuse|noreply|no-reply)@/.test(address))
        continue;
      // Exim's `(generated from ann@…)` and Sendmail's `(expanded from: ann@…)` name the address we sent to when the
      // line above names none (`an undisclosed address`); when it names the final address, that one is enough.
      const alias = new RegExp(`(?:generated|expanded) from:?\\s*<?${escape(address)}`, 'i').test(line);
      if (alias && index > 0 && addressesIn(lines[index - 1]!).some((other) => found.has(other))) continue;
      if ((alias || standsAsRecipient(line, address)) && !found.has(address)) found.set(address, index);
    }
  });
  const permanentText = PERMANENT.test(report);
  const transientText = TRANSIENT.test(report) && !/permanent|fatal|given up|gave up/i.test(report);
  return [...found].map(([recipient, index]) => {
    // The server's words about this recipient: its line and the few after it, up to the next recipient.
    const context: string[] = [];
    for (let at = index; at < Math.min(lines.length, index + 6); at += 1) {
      const line = lines[at]!;
      if (at > index && addressesIn(line).some((other) => other !== recipient && found.has(other))) break;
      context.push(line.trim());
    }
    const near = context.join(' ').replace(/\s+/g, ' ').trim();
    const words = found.size === 1 ? `${near} ${report.replace(/\s+/g, ' ')}` : near;
    // A code near the address, else (one recipient) anywhere in the report, else what the words imply.
    const status =
      statusCodeIn(near) ??
      (found.size === 1 ? statusCodeIn(report) : null) ??
      inferStatus(words, transientText ? false : permanentText ? true : null);
    const kind = transientText && !status?.startsWith('5') ? 'soft' : classifyBounce(status, words);
    return {
      recipient,
      kind,
      status,
      diagnostic: near.slice(0, 500) || null,
      source: 'text' as const,
      evidence: clipEvidence(context.join('\n')),
    };
  });
}

function standsAsRecipient(line: string, address: string): boolean {
  const lower = line.toLowerCase();
  const at = lower.indexOf(address);
  const before = lower
    .slice(0, at)
    .replace(/smtp=$|\[?smtp:$/, '')
    .trim(); // X.400 `SMTP=…`, MailEnable `[SMTP:…]`
  const after = lower.slice(at + address.length).trim();
  if (/^[-*•\s]*["'<(]*$/.test(before)) return true; // first on its line
  if (/(?:dda:|;)$/.test(before)) return true; // X.400 `c=US;…;dda:SMTP=ann@…`
  if (RECIPIENT_CUE.test(before)) return true;
  // `Delivery failed 20 attempts: ann@…`, `User's mailbox is full: <ann@…>`, `Invalid final delivery userid: ann@…`
  if (
    /:\s*<?$/.test(before) &&
    /fail|unknown|invalid|undeliver|full|error|userid|reject|denied|not |no such|quota/.test(before)
  )
    return true;
  if (/^>?\s*\.\.\./.test(after) && before.endsWith('<')) return true; // Sendmail `<ann@…>... User unknown`
  return false;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
