import { buildMessage, verpDecode, verpEncode, type BuildMessageOptions } from './build-message';

const rendered = { subject: '3 new answers: encryption', html: '<p>Hi</p>', text: 'Hi\n' };
const base: BuildMessageOptions = {
  to: { name: 'Ann Reader', address: 'ann@example.com' },
  from: { name: 'Parliament Alerts', address: 'alerts@example.org' },
  rendered,
  unsubscribeUrl: 'https://alerts.example.org/unsubscribe?token=abc',
  unsubscribeMailto: 'mailto:unsubscribe+abc@example.org?subject=unsubscribe',
  messageIdDomain: 'alerts.example.org',
};

describe('buildMessage', () => {
  it('sets the RFC 8058 and automation headers, Message-ID and envelope', () => {
    const message = buildMessage(base);
    expect(message.headers).toMatchObject({
      'List-Unsubscribe':
        '<https://alerts.example.org/unsubscribe?token=abc>, <mailto:unsubscribe+abc@example.org?subject=unsubscribe>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    });
    expect(message.messageId).toMatch(/^<[0-9a-f-]{36}@alerts\.example\.org>$/);
    expect(message.from).toBe('"Parliament Alerts" <alerts@example.org>');
    expect(message.to).toBe('"Ann Reader" <ann@example.com>');
    expect(message.envelope).toEqual({ from: 'alerts@example.org', to: 'ann@example.com' });
    expect(buildMessage(base).messageId).not.toBe(message.messageId);
    expect(buildMessage({ ...base, messageIdLocalPart: 'dlv_Ab-9' }).messageId).toBe('<dlv_Ab-9@alerts.example.org>');
  });

  it('names the list (List-Id) and the kind of email (Feedback-ID)', () => {
    expect(buildMessage(base).headers).toMatchObject({
      'List-Id': '"Parliament Alerts" <alerts.alerts.example.org>',
      'Feedback-ID': 'email:alerts.alerts.example.org',
    });
    const message = buildMessage({
      ...base,
      listId: 'alerts.example.org',
      feedbackKind: 'digest-weekly',
      from: { name: 'Alertes ☂', address: 'a@example.org' },
    });
    expect(message.headers).toMatchObject({
      'List-Id': '<alerts.example.org>',
      'Feedback-ID': 'digest-weekly:alerts.example.org',
    });
    expect(() => buildMessage({ ...base, feedbackKind: 'x:y' })).toThrow(/feedbackKind may hold only/);
    expect(() => buildMessage({ ...base, listId: 'alerts>\r\nBcc: x' })).toThrow(/listId is not a dotted name/);
  });

  it('builds a VERP envelope sender from a template or a function', () => {
    expect(buildMessage({ ...base, envelopeFrom: 'bounces+{recipient}@example.org' }).envelope.from).toBe(
      'bounces+ann=example.com@example.org',
    );
    expect(buildMessage({ ...base, envelopeFrom: (to) => `b-${to.length}@example.org` }).envelope.from).toBe(
      'b-15@example.org',
    );
  });

  it('decodes the VERP recipient of our bounce address, and nothing from other addresses', () => {
    const template = 'bounces+{recipient}@example.org';
    for (const address of ['ann@example.com', 'a=b@example.co.uk', 'x.y+tag@sub.example.net']) {
      expect(verpDecode(template, `bounces+${verpEncode(address)}@example.org`)).toEqual({
        ours: true,
        recipient: address,
      });
    }
    expect(verpDecode(template, 'Bounces+Ann=Example.com@EXAMPLE.org')).toEqual({
      ours: true,
      recipient: 'ann@example.com',
    });
    expect(verpDecode(template, 'bounces+garbage@example.org')).toEqual({ ours: true });
    expect(verpDecode(template, 'bounces+ann=example.com@evil.org')).toEqual({ ours: false });
    expect(verpDecode(template, 'postmaster@example.org')).toEqual({ ours: false });
    expect(verpDecode('bounces@example.org', 'BOUNCES@example.org')).toEqual({ ours: true });
  });

  it('removes CR/LF from the subject and display names', () => {
    const message = buildMessage({
      ...base,
      to: { name: 'Ann\r\nBcc: victim@example.com', address: 'ann@example.com' },
      rendered: { ...rendered, subject: 'Hello\r\nBcc: victim@example.com\n\n<html>' },
    });
    expect(message.subject).toBe('Hello Bcc: victim@example.com <html>');
    expect(message.to).toBe('"Ann Bcc: victim@example.com" <ann@example.com>');
    expect(buildMessage({ ...base, to: { name: 'A "quoted" \\ name', address: 'ann@example.com' } }).to).toBe(
      '"A \\"quoted\\" \\\\ name" <ann@example.com>',
    );
  });

  it.each([
    ['to', { ...base, to: 'ann@example.com\r\nBcc: victim@example.com' }],
    ['to', { ...base, to: 'Ann <ann@example.com>' }],
    ['from', { ...base, from: 'alerts@example.org\nX-Evil: 1' }],
    ['envelopeFrom', { ...base, envelopeFrom: 'bounces@example.org\r\nRCPT TO:<x@y.z>' }],
    ['unsubscribeUrl', { ...base, unsubscribeUrl: 'https://a.example/u\r\nX-Evil: 1' }],
    ['unsubscribeUrl', { ...base, unsubscribeUrl: 'javascript:alert(1)' }],
    ['unsubscribeMailto', { ...base, unsubscribeMailto: 'mailto:a@b.c>, <https://evil.example' }],
    ['messageIdDomain', { ...base, messageIdDomain: 'example.org>\r\nX: y' }],
    ['messageIdLocalPart', { ...base, messageIdLocalPart: 'dlv_1>\r\nBcc: x@y.z' }],
  ] as const)('refuses a malformed or injecting %s', (field, options) => {
    expect(() => buildMessage(options as BuildMessageOptions)).toThrow(
      expect.objectContaining({ code: 'EMAIL_HEADER_INVALID', path: field }),
    );
  });

  it('percent-encodes URL characters that could break out of <…>', () => {
    const message = buildMessage({
      ...base,
      unsubscribeUrl: 'https://a.example/u?t=a b>c',
      unsubscribeMailto: undefined,
    });
    expect(message.headers['List-Unsubscribe']).toBe('<https://a.example/u?t=a%20b%3Ec>');
  });
});
