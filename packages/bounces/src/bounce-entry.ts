/** What a bounce or complaint says about one recipient. */
export interface BounceEntry {
  /** The address that bounced or complained, lower-cased. */
  recipient: string;
  /**
   * `hard`: the address itself is bad or gone (no such user or domain): stop mailing it now. `soft`: a problem that
   * may pass or is not the address's fault (mailbox full, message refused as spam, timed out): count it.
   * `complaint`: the recipient reported the email as spam (ARF).
   */
  kind: 'hard' | 'soft' | 'complaint';
  /** The enhanced status code (RFC 3463), e.g. `5.1.1`, as reported or inferred from the text; null if none. */
  status: string | null;
  /** The server's words, when there were any: a Diagnostic-Code or the text near the address. */
  diagnostic: string | null;
  /** Where it was read from: a DSN's machine-readable part, an ARF report, the human-readable text, or an Amazon SES notification. */
  source: 'dsn' | 'arf' | 'text' | 'ses';
  /**
   * The part of the report that says so, for a person checking the decision: the recipient's block of a DSN, the
   * ARF report's fields, or the bounce's words around the address. At most {@link EVIDENCE_MAX_CHARS} characters.
   */
  evidence: string;
}

/** The longest {@link BounceEntry.evidence}. */
const EVIDENCE_MAX_CHARS = 2000;

/** `text` trimmed to at most {@link EVIDENCE_MAX_CHARS} characters, an ellipsis marking the cut. */
export function clipEvidence(text: string): string {
  const trimmed = text.replace(/\r\n?/g, '\n').trim();
  return trimmed.length <= EVIDENCE_MAX_CHARS ? trimmed : `${trimmed.slice(0, EVIDENCE_MAX_CHARS - 1)}…`;
}
