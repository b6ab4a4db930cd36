import { simpleParser, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { buildMessage, type BuildMessageOptions } from './build-message';
import { composeMime } from './compose-mime';
import { createRenderer } from './create-renderer';
import { sampleTemplateData } from './sample-data';
import { toNodemailer } from './to-nodemailer';

const base = async (): Promise<BuildMessageOptions> => ({
  to: { name: 'Ann Reader', address: 'ann@example.com' },
  from: { name: 'Parliament Alerts', address: 'alerts@example.org' },
  envelopeFrom: 'bounces+{recipient}@example.org',
  rendered: (await createRenderer()).render('digest', sampleTemplateData('digest')),
  unsubscribeUrl: 'https://alerts.example.org/unsubscribe?token=abc',
  unsubscribeMailto: 'mailto:unsubscribe+abc@example.org?subject=unsubscribe',
  messageIdDomain: 'alerts.example.org',
});

/** What a mail client sees of a message. */
function seen(mail: ParsedMail) {
  const headers = Object.fromEntries(
    ['list-unsubscribe', 'list-unsubscribe-post', 'auto-submitted', 'x-auto-response-suppress', 'mime-version'].map(
      (key) => [key, JSON.stringify(mail.headers.get(key))],
    ),
  );
  return {
    subject: mail.subject,
    from: mail.from?.value,
    to: (mail.to as { value: unknown }).value,
    replyTo: mail.replyTo?.value,
    messageId: mail.messageId,
    text: mail.text,
    html: mail.html,
    headers,
  };
}

describe('composeMime', () => {
  it.each([
    ['a real digest', {}],
    [
      'a subject and names beyond ASCII, with quotes',
      {
        to: { name: 'Zoë "Z" Reader, MP', address: 'zoe@example.com' },
        rendered: { subject: '3 new answers: Minister’s reply 😀 — café', html: '<p>é</p>', text: 'é' },
      },
    ],
    [
      'a very long subject and a Reply-To',
      {
        rendered: { subject: `${'Long subject words '.repeat(12)}end`, html: '<p>x</p>', text: 'x' },
        replyTo: { name: 'Help Desk', address: 'help@example.org' },
      },
    ],
    ['bare addresses', { to: 'ann@example.com', from: 'alerts@example.org' }],
  ])('reads exactly as nodemailer composes it: %s', async (_label, change) => {
    const message = buildMessage({ ...(await base()), ...change });
    const ours = composeMime(message)!;
    expect(ours).not.toBeNull();
    const theirs = await new MailComposer(toNodemailer(message)).compile().build();
    expect(seen(await simpleParser(ours))).toEqual(seen(await simpleParser(theirs)));
    const text = ours.toString('latin1');
    // CRLF only, no header or body line over 78 octets, ASCII only.
    expect(text).not.toMatch(/[^\r]\n|\r[^\n]/);
    expect(Math.max(...text.split('\r\n').map((line) => line.length))).toBeLessThanOrEqual(78);
    expect(text).not.toMatch(/[^\x00-\x7f]/);
  });

  it('leaves an address beyond ASCII to nodemailer', async () => {
    expect(composeMime(buildMessage({ ...(await base()), to: 'zoë@example.com' }))).toBeNull();
  });
});
