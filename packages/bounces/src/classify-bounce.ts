import type { BounceEntry } from './bounce-entry';

// Words servers use, in many dialects, for "this address does not exist" and for reasons that do not condemn it.
const NO_SUCH_USER =
  /user(?:name)? (?:is )?unknown|unknown (?:user|recipient|local[- ]part|address|mailbox)|no such (?:user|mailbox|recipient|address|person)|(?:user|mailbox|recipient|address(?:ee)?)(?: name)? (?:does not exist|doesn't exist|not found|is not recogni[sz]ed|not listed|unknown|invalid|not valid)|invalid (?:recipient|mailbox|address)|not (?:a valid|our) (?:user|customer|recipient|mailbox)|doesn't have an? \S+ account|no mailbox here|addressee unknown|recipient rejected|bad destination mailbox|account (?:does not exist|has been (?:deleted|removed))|n'existe pas|unrouteable address|user not found|no longer (?:active|valid|in use)|unknown or illegal alias|mailbox unavailable|not a known user|undeliverable address|name is not recognized|(?:could not|couldn't) be found|address rejected|recipient not found|no such local user|not listed in (?:[\w ]+ )?directory|invalid (?:final delivery )?userid/i;
const NO_SUCH_HOST =
  /host (?:or domain name )?not found|unknown host|domain (?:name )?(?:not found|does not exist)|no (?:mx|mail exchanger)|unrouteable domain|host unknown|name service error|nxdomain|null mx|couldn't find any host/i;
const SOFT_REASON =
  /mailbox (?:is )?full|quota|over ?quota|insufficient (?:storage|disk)|exceeded (?:storage|the allowed)|too (?:big|large)|size limit|spam|blocked|blacklist|blocklist|policy|reputation|rate limit|too many|try (?:again )?later|temporar|deferred|timed? ?out|expired|delayed|greylist|not yet been delivered|disabled|discontinued|suspended|inactive|frozen|connection refused|virus|content (?:rejected|filter)|message rejected|dmarc|spf|dkim/i;

/**
 * Hard or soft, from the enhanced status code and the server's words. The rule: 5.x.x is hard and 4.x.x soft, except
 * where a permanent code blames something other than the address — mailbox full (x.2.2), message too big (x.3.4),
 * policy, spam and authentication (x.7.x), expiry and routing after retries (x.4.x but x.4.4) — and a generic or
 * missing code is read from the words: "no such user/domain" is hard, a full mailbox or a block soft.
 */
export function classifyBounce(
  status: string | null,
  diagnostic: string | null,
): Exclude<BounceEntry['kind'], 'complaint'> {
  const words = diagnostic ?? '';
  const [klass, subject, detail] = (status ?? '').split('.').map(Number);
  if (klass === 4) return 'soft';
  if (klass === 5 && subject !== undefined && detail !== undefined && !(subject === 0 && detail === 0)) {
    if (subject === 1) return 'hard';
    if (subject === 2) return detail === 1 && NO_SUCH_USER.test(words) ? 'hard' : 'soft';
    if (subject === 3) return detail === 4 || SOFT_REASON.test(words) ? 'soft' : 'hard';
    if (subject === 4) return detail === 4 || (detail === 0 && NO_SUCH_HOST.test(words)) ? 'hard' : 'soft';
    if (subject === 7) return NO_SUCH_USER.test(words) ? 'hard' : 'soft';
    return NO_SUCH_USER.test(words) || NO_SUCH_HOST.test(words) || !SOFT_REASON.test(words) ? 'hard' : 'soft';
  }
  // 5.0.0 or no code: the words decide.
  if (NO_SUCH_USER.test(words) || NO_SUCH_HOST.test(words)) return 'hard';
  return 'soft';
}

/**
 * The first enhanced status code of a failure (4.x.x or 5.x.x) written in `text`, e.g. `550 5.1.1 …` or `(#5.2.2)`;
 * not any dotted triple (a version number in a subject is no status).
 */
export function statusCodeIn(text: string): string | null {
  const match = /(?:^|[\s(#[:'-])([45])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/.exec(text);
  return match ? `${match[1]}.${match[2]}.${match[3]}` : null;
}

/** An enhanced status code for the words when the server gave none: what a receiver would have said. */
export function inferStatus(diagnostic: string, permanent: boolean | null): string | null {
  const explicit = statusCodeIn(diagnostic);
  if (explicit) return explicit;
  const reply = /(?:^|[^\d.])([45])\d\d(?:[ \]-]|$)/m.exec(diagnostic);
  const temporary = /try again|temporar/i.test(diagnostic);
  const klass = reply ? reply[1] : permanent === false || temporary ? '4' : permanent ? '5' : null;
  if (!klass) return null;
  if (NO_SUCH_USER.test(diagnostic)) return `${klass}.1.1`;
  if (NO_SUCH_HOST.test(diagnostic)) return `${klass}.1.2`;
  if (/mailbox (?:is )?full|quota|insufficient (?:storage|disk)/i.test(diagnostic)) return `${klass}.2.2`;
  return `${klass}.0.0`;
}
