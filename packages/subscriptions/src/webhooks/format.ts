/** The body a webhook receives: our JSON, or a message Slack's or Microsoft Teams' incoming webhooks can show. */
export type WebhookFormat = 'JSON' | 'SLACK' | 'TEAMS';

/** Told from the URL's host: Slack's and Teams' incoming webhooks live on their own hosts; anything else gets JSON. */
export function webhookFormatOf(url: URL): WebhookFormat {
  const host = url.hostname.toLowerCase();
  if (host === 'hooks.slack.com') return 'SLACK';
  if (host.endsWith('.webhook.office.com') || host.endsWith('.logic.azure.com')) return 'TEAMS';
  return 'JSON';
}
