import { createHash } from 'node:crypto';

/** A strong entity tag for a response body: the same body, the same tag, across processes and restarts. */
export function entityTag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/**
 * Whether an If-None-Match header names `tag` (RFC 9110 §13.1.2: a list of tags or "*", compared weakly, so a
 * client's W/ prefix does not count). A reader that has the current version gets 304 and no body.
 */
export function noneMatchHits(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === tag;
  });
}
