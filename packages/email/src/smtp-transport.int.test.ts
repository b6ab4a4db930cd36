import { generateKeyPairSync } from 'node:crypto';
import { startTestSmtpServer, dkimSignedHeaders, type TestSmtpServer } from './testing';
import { buildMessage } from './build-message';
import { createRenderer, type EmailRenderer } from './create-renderer';
import { EmailError } from './email-error';
import type { MailTransport } from './mail-transport';
import { sampleTemplateData } from './sample-data';
import { createSmtpTransport } from './smtp-transport';

let renderer: EmailRenderer;
let server: TestSmtpServer;
let transport: MailTransport | undefined;

beforeAll(async () => {
  renderer = await createRenderer();
});
beforeEach(async () => {
  server = await startTestSmtpServer({
    respond: ({ address }) =>
      address.startsWith('busy@')
        ? { code: 451, message: 'Try again later' }
        : address.startsWith('gone@')
          ? { code: 550, message: 'No such user' }
          : undefined,
  });
});
afterEach(async () => {
  await transport?.close();
  transport = undefined;
  await server.close();
});

function digestMessage(to: string) {
  const data = sampleTemplateData('digest', { recipientEmail: to });
  return buildMessage({
    to: { name: 'Ann Reader', address: to },
    from: { name: 'Parliament Alerts', address: 'alerts@example.org' },
    envelopeFrom: 'bounces+{recipient}@example.org',
    rendered: renderer.render('digest', data),
    unsubscribeUrl: data.unsubscribeUrl,
    unsubscribeMailto: 'mailto:unsubscribe@example.org?subject=unsubscribe',
    messageIdDomain: 'alerts.example.org',
  });
}
/** A received header line, unfolded. */
const header = (lines: readonly { key: string; line: string }[], key: string) =>
  lines.find((h) => h.key === key)?.line.replace(/\r?\n[ \t]+/g, ' ');

describe('SMTP transport against a real SMTP server', () => {
  it('delivers a digest with its headers, envelope and both parts', async () => {
    transport = createSmtpTransport({ smtpUrl: `smtp://user:secret@127.0.0.1:${server.port}` });
    const message = digestMessage('ann@example.com');
    const result = await transport.send(message);
    expect(result).toMatchObject({ messageId: message.messageId, accepted: ['ann@example.com'], rejected: [] });
    expect(result.response).toMatch(/^250/);

    const [received] = await server.waitForMessages(1);
    const { parsed, envelope } = received!;
    expect(envelope).toEqual({ from: 'bounces+ann=example.com@example.org', to: ['ann@example.com'] });
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.from?.value).toEqual([{ name: 'Parliament Alerts', address: 'alerts@example.org' }]);
    expect(parsed.to).toMatchObject({ value: [{ name: 'Ann Reader', address: 'ann@example.com' }] });
    expect(header(parsed.headerLines, 'list-unsubscribe')).toBe(
      'List-Unsubscribe: <http://localhost:3000/unsubscribe?token=sample-unsubscribe-token>, <mailto:unsubscribe@example.org?subject=unsubscribe>',
    );
    expect(header(parsed.headerLines, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(header(parsed.headerLines, 'auto-submitted')).toBe('Auto-Submitted: auto-generated');
    expect(parsed.html).toBe(message.html);
    expect(parsed.text).toBe(message.text);
    expect(parsed.text).toContain(
      'Contains Parliamentary information licensed under the Open Parliament Licence v3.0.',
    );
    expect(dkimSignedHeaders(received!.raw)).toBeNull();
  });

  it('signs List-Unsubscribe and List-Unsubscribe-Post with DKIM when configured', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    transport = createSmtpTransport({
      smtpUrl: server.url,
      dkim: {
        domainName: 'example.org',
        keySelector: 'alerts',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    await transport.send(digestMessage('ann@example.com'));
    const [received] = await server.waitForMessages(1);
    const signed = dkimSignedHeaders(received!.raw);
    expect(signed).toEqual(
      expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject', 'to', 'message-id']),
    );
    expect(received!.raw).toMatch(
      /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.org;\s+q=dns\/txt; s=alerts;/m,
    );
  });

  it('reports 4xx refusals as transient and 5xx as permanent, with the reply code', async () => {
    transport = createSmtpTransport({ smtpUrl: server.url });
    const busy = await transport.send(digestMessage('busy@example.com')).catch((error: unknown) => error);
    const gone = await transport.send(digestMessage('gone@example.com')).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(EmailError);
    expect(busy).toMatchObject({ code: 'EMAIL_SEND_TRANSIENT', responseCode: 451 });
    expect(gone).toMatchObject({ code: 'EMAIL_SEND_PERMANENT', responseCode: 550 });
    await transport.send(digestMessage('ann@example.com'));
    expect(server.messages.map((m) => m.envelope.to)).toEqual([['ann@example.com']]);
  });

  it('reports a refused connection as transient', async () => {
    const port = server.port;
    await server.close();
    server = await startTestSmtpServer();
    transport = createSmtpTransport({ smtpUrl: `smtp://127.0.0.1:${port}` });
    await expect(transport.send(digestMessage('ann@example.com'))).rejects.toMatchObject({
      code: 'EMAIL_SEND_TRANSIENT',
    });
  });
});
