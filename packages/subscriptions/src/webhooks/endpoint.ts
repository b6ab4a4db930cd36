import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Why a webhook URL is refused, as a code: each edge words it for its own reader. The message is the operator's
 * (CLI, logs, the endpoint's last error) and may name settings; the web words the code for a subscriber.
 */
export type WebhookEndpointReason = 'not-a-url' | 'not-https' | 'credentials' | 'too-long' | 'unresolved' | 'private';

/** A webhook URL we refuse to call: the reason's code, and a message for an operator. */
export class WebhookEndpointError extends Error {
  override readonly name = 'WebhookEndpointError';
  constructor(
    readonly reason: WebhookEndpointReason,
    message: string,
  ) {
    super(message);
  }
}

export interface CheckedEndpoint {
  url: URL;
  /** The address the request goes to: resolved once and pinned, so a second DNS answer cannot point it elsewhere. */
  address: string;
  family: 4 | 6;
}

export type ResolveHost = (host: string) => Promise<{ address: string; family: number }[]>;

const resolveAll: ResolveHost = (host) => lookup(host, { all: true, verbatim: true });

// Addresses a webhook must never reach unless an operator allows the host (WEBHOOK_ALLOW_HOSTS): this machine, the
// private networks, link-local (cloud metadata services live at 169.254.169.254), carrier-grade NAT, multicast and
// the unspecified and reserved ranges. Otherwise anyone who can add an alert could make our workers call internal
// services.
const forbidden = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  forbidden.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv6');
}

function isForbidden(address: string, family: 4 | 6): boolean {
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address) : null;
  if (mapped) return forbidden.check(mapped[1]!, 'ipv4');
  return forbidden.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Parse WEBHOOK_ALLOW_HOSTS: host names (or addresses), comma-separated, compared in lower case. */
export function parseAllowHosts(value: string | undefined): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
}

/**
 * Check a webhook URL and resolve its host: HTTPS only, no credentials in it, and every address it resolves to
 * public. A host in `allowHosts` may be private or loopback and may use plain http (an operator's own receiver).
 * Run when the endpoint is added and again before every POST (DNS answers change).
 */
export async function checkWebhookEndpoint(
  raw: string,
  options: { allowHosts: ReadonlySet<string>; resolve?: ResolveHost },
): Promise<CheckedEndpoint> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookEndpointError('not-a-url', `not a URL: ${raw.slice(0, 200)}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = options.allowHosts.has(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) {
    throw new WebhookEndpointError(
      'not-https',
      `a webhook URL must start with https:// (got ${url.protocol}//${host})`,
    );
  }
  if (url.username || url.password)
    throw new WebhookEndpointError('credentials', 'a webhook URL must not carry a user name or password');
  if (raw.length > 2000) throw new WebhookEndpointError('too-long', 'a webhook URL is at most 2,000 characters');
  const literal = isIP(host);
  const answers = literal
    ? [{ address: host, family: literal }]
    : await (options.resolve ?? resolveAll)(host).catch(() => []);
  if (!answers.length) throw new WebhookEndpointError('unresolved', `${host} does not resolve`);
  if (!allowed) {
    const bad = answers.find((a) => isForbidden(a.address, a.family === 6 ? 6 : 4));
    if (bad)
      throw new WebhookEndpointError(
        'private',
        `${host} is a private, loopback or reserved address (${bad.address}); an operator can allow it with WEBHOOK_ALLOW_HOSTS`,
      );
  }
  const first = answers[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
