import { buildMessage } from './build-message';
import { createRenderer, type EmailRenderer } from './create-renderer';
import { largestDigestData, sampleTemplateData } from './sample-data';
import { createSmtpTransport } from './smtp-transport';
import type { TemplateName } from './emails/registry';
import { scoreWithSpamAssassin, spamAssassinAvailable, startTestSmtpServer, type TestSmtpServer } from './testing';

const haveSpamAssassin = spamAssassinAvailable();
if (!haveSpamAssassin) {
  // Visible in the test output, so a skipped run is never mistaken for a pass.
  process.stderr.write(
    'SpamAssassin checks skipped: spamassassin is not installed (apt-get install -y spamassassin)\n',
  );
}

const BASE_URL = 'https://alerts.example.org';
const KINDS: [string, TemplateName, () => object][] = [
  ['confirmation', 'confirmation', () => sampleTemplateData('confirmation', { baseUrl: BASE_URL })],
  ['immediate', 'immediate', () => sampleTemplateData('immediate', { baseUrl: BASE_URL })],
  ['digest', 'digest', () => sampleTemplateData('digest', { baseUrl: BASE_URL })],
  ['largest digest (cut to the size budget)', 'digest', () => largestDigestData()],
  ['follow notice', 'follow', () => sampleTemplateData('follow', { baseUrl: BASE_URL })],
  ['goodbye', 'goodbye', () => sampleTemplateData('goodbye', { baseUrl: BASE_URL })],
];

(haveSpamAssassin ? describe : describe.skip)('SpamAssassin (local tests only) on every kind of email', () => {
  let renderer: EmailRenderer;
  let server: TestSmtpServer;
  beforeAll(async () => {
    renderer = await createRenderer();
    server = await startTestSmtpServer();
    // Captured from a real SMTP conversation, as a receiving server would score them.
    const transport = createSmtpTransport({ smtpUrl: server.url, maxMessagesPerSecond: false });
    try {
      for (const [kind, name, data] of KINDS) {
        await transport.send(
          buildMessage({
            to: `${kind.split(' ')[0]}@example.org`,
            from: { name: 'Parliament Alerts', address: 'alerts@example.org' },
            envelopeFrom: 'bounces+{recipient}@example.org',
            rendered: renderer.render(name, data() as never),
            unsubscribeUrl: `${BASE_URL}/unsubscribe/token`,
            unsubscribeMailto: 'mailto:unsubscribe@example.org?subject=token',
            messageIdDomain: 'alerts.example.org',
          }),
        );
      }
    } finally {
      await transport.close();
    }
  }, 60_000);
  afterAll(() => server?.close());

  it.each(KINDS.map(([kind], i) => [kind, i] as const))(
    "the %s email does not score HTML_FONT_LOW_CONTRAST (MJML's white preheader)",
    (kind, i) => {
      const { score, rules } = scoreWithSpamAssassin(server.messages[i]!.raw);
      process.stderr.write(`SpamAssassin: ${kind}: score ${score}, ${rules.join(' ') || 'no rules'}\n`);
      expect(rules).not.toContain('HTML_FONT_LOW_CONTRAST');
      // Only the informational rules of a message that never crossed a relay (NO_RELAYS, NO_RECEIVED: -0.0).
      expect(score).toBeLessThanOrEqual(0);
    },
    60_000,
  );
});
