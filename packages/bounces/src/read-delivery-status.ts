import { clipEvidence, type BounceEntry } from './bounce-entry';
import { classifyBounce, inferStatus } from './classify-bounce';
import { addressIn } from './address-in';

/**
 * The bounced recipients of a `message/delivery-status` body (RFC 3464 §2.2–2.3): per-recipient blocks after the
 * per-message one, each with Final-Recipient (or Original-Recipient), Action and Status. `failed` is a bounce and
 * `delayed` a soft one; `delivered`, `relayed` and `expanded` are not bounces.
 */
export function readDeliveryStatus(text: string): BounceEntry[] {
  const entries: BounceEntry[] = [];
  // Blocks are separated by blank lines; some servers put none between the per-message and the first recipient's.
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const line of block.split('\n')) {
      if (/^[ \t]/.test(line) && last) fields.set(last, `${fields.get(last)} ${line.trim()}`);
      else {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        last = line.slice(0, colon).trim().toLowerCase();
        if (!fields.has(last)) fields.set(last, line.slice(colon + 1).trim());
      }
    }
    // Original-Recipient first: it is the address we sent to, before any forwarding or aliasing the server did.
    const recipient =
      addressIn(fields.get('original-recipient') ?? '') ?? addressIn(fields.get('final-recipient') ?? '');
    if (!recipient) continue;
    const action = (fields.get('action') ?? '').toLowerCase().split(/\s/)[0] ?? '';
    if (['delivered', 'relayed', 'expanded'].includes(action)) continue;
    const diagnostic = (fields.get('diagnostic-code') ?? '').replace(/^\s*smtp\s*;\s*/i, '') || null;
    const reported = /^([245])\.(\d{1,3})\.(\d{1,3})/.exec(fields.get('status') ?? '');
    const status = reported
      ? reported[0]
      : inferStatus(diagnostic ?? '', action === 'failed' ? true : action === 'delayed' ? false : null);
    const kind = action === 'delayed' ? 'soft' : classifyBounce(status, diagnostic);
    entries.push({ recipient, kind, status, diagnostic, source: 'dsn', evidence: clipEvidence(block) });
  }
  return entries;
}
