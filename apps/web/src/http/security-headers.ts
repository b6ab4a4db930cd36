import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The Content-Security-Policy of every response: only our own scripts and styles (no inline ones), images from us or
 * data: URLs, never framed, forms post only to us, no plugins, no <base>. apps/web/README.md quotes it exactly (a
 * test checks).
 */
const SITE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'";

/** Bull Board's UI (a third-party app) needs inline styles and its <base href>; its Google fonts stay blocked. */
export const QUEUE_BOARD_CSP = SITE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
  "base-uri 'none'",
  "base-uri 'self'",
);

/**
 * The dev mailbox's view of an email's own HTML: inline styles, no scripts, a sandboxed and unframeable document.
 * Its buttons open in a new tab (target="_blank", as mail clients do), and a popup that inherited the sandbox would
 * be refused by our pages' `Cross-Origin-Opener-Policy: same-origin`: the popups escape the sandbox.
 */
export const EMAIL_VIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

/** The security headers of every response, pages, assets, API answers, redirects, 404s and errors alike. */
const SECURITY_HEADERS = {
  'content-security-policy': SITE_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // Our URLs carry tokens (/manage/…): never send them to another site.
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

// The only policies a route may choose instead of SITE_CSP; anything else is replaced by it.
const OTHER_POLICIES: ReadonlySet<string> = new Set([QUEUE_BOARD_CSP, EMAIL_VIEW_CSP]);

/**
 * onSend hook on the root instance: every response leaves with SECURITY_HEADERS, whatever answered it (a route, the
 * 404 handler, the error handler, a plugin). A route that needs one of the other policies above sets it itself.
 */
export async function applySecurityHeaders(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  const chosen = reply.getHeader('content-security-policy');
  reply.headers(SECURITY_HEADERS);
  if (typeof chosen === 'string' && OTHER_POLICIES.has(chosen)) reply.header('content-security-policy', chosen);
  return payload;
}
