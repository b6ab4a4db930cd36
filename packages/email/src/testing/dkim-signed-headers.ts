/**
 * The header names a message's DKIM-Signature covers (its `h=` tag), lower-cased, or `null` when unsigned.
 * Reads the raw message so folding and ordering are exactly as received.
 */
export function dkimSignedHeaders(rawMessage: string): string[] | null {
  const headerBlock = rawMessage.split(/\r?\n\r?\n/, 1)[0] ?? '';
  // Unfold continuation lines, then find the signature header.
  const unfolded = headerBlock.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((header) => /^dkim-signature:/i.test(header));
  if (!line) return null;
  const tag = /(?:^|;)\s*h=([^;]+)/i.exec(line.slice(line.indexOf(':') + 1));
  return tag?.[1]
    ? tag[1]
        .split(':')
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean)
    : [];
}
