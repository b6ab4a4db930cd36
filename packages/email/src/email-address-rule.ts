// The one address rule of the whole system (issue #14): the web form, the CLI, the admin and the mailer's template
// schema all use it, so nothing is accepted at sign-up that the mailer would later refuse. It is zod's "practical"
// email pattern narrowed to what SMTP headers accept unencoded: ASCII only (no SMTPUTF8), dot-atoms without leading,
// trailing or doubled dots, host names of letters, digits and inner hyphens, a letter-only top-level domain (so no
// IP literals), and the RFC 5321 lengths.
const LOCAL_PART = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]$/;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Longest address, local part and domain we accept (RFC 5321). */
export const EMAIL_ADDRESS_LIMITS = { address: 254, localPart: 64, domain: 253 } as const;

/** True when `address` (already trimmed and lower-cased by the caller, or not) is one we can send to. */
export function isDeliverableAddress(address: string): boolean {
  if (address.length > EMAIL_ADDRESS_LIMITS.address) return false;
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return (
    local.length <= EMAIL_ADDRESS_LIMITS.localPart &&
    domain.length <= EMAIL_ADDRESS_LIMITS.domain &&
    LOCAL_PART.test(local) &&
    DOMAIN.test(domain)
  );
}
