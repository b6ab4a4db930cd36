import type { WebhookEndpointReason } from './endpoint';

/**
 * Why a webhook address was refused, in words a subscriber can act on: beside the form's field, and as the endpoint's
 * last error when an address that was fine starts resolving somewhere we refuse (shown on the manage page and in the
 * "webhook turned off" email). The error's own message is for operators (the CLI's `--webhook`, the ledger, logs): it
 * names WEBHOOK_ALLOW_HOSTS, a setting no subscriber can change. A missing reason is a compile error.
 */
export const WEBHOOK_PROBLEM_WORDS: Record<WebhookEndpointReason, string> = {
  'not-a-url': 'This is not a web address. Copy the whole address your receiver gives you, starting with https://.',
  'not-https':
    'This address does not start with https://. We only post over an encrypted connection: use the https:// address your receiver gives you.',
  credentials: "This address has a user name or password in it, which we don't send. Use an address without them.",
  'too-long': 'This address is longer than 2,000 characters. Use a shorter one.',
  unresolved: 'We could not find the site in this address. Check it for typing mistakes.',
  private: "This address points inside a private network, which we don't post to. Use a public https:// address.",
};
