import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBounce } from './parse-bounce';
import { UnreadableMessageError } from './unreadable-message-error';

// Messages in the formats of the servers named, written for these tests (the real-world corpus is in corpus.test.ts).
const message = (name: string) => readFileSync(path.join(__dirname, '..', 'test', 'messages', name));
const brief = (name: string) =>
  parseBounce(message(name)).map(({ recipient, kind, status, source }) => ({ recipient, kind, status, source }));

describe('parseBounce', () => {
  it('reads an RFC 3464 DSN: Final-Recipient, Action and Status, 5.1.1 hard', () => {
    expect(brief('postfix-dsn.eml')).toEqual([
      { recipient: 'ann@example.com', kind: 'hard', status: '5.1.1', source: 'dsn' },
    ]);
    expect(brief('amazon-ses-dsn.eml')).toEqual([
      { recipient: 'gina@example.org', kind: 'hard', status: '5.1.1', source: 'dsn' },
    ]);
  });

  it('gives one entry per bounced recipient: mailbox full and delayed are soft, delivered is no bounce', () => {
    expect(brief('two-recipients-dsn.eml')).toEqual([
      { recipient: 'full@example.net', kind: 'soft', status: '5.2.2', source: 'dsn' },
      { recipient: 'slow@example.net', kind: 'soft', status: '4.4.1', source: 'dsn' },
    ]);
  });

  it('a policy or spam refusal (5.7.x) is soft: it is not the address that is bad', () => {
    expect(brief('spam-block-dsn.eml')).toEqual([
      { recipient: 'kim@example.com', kind: 'soft', status: '5.7.1', source: 'dsn' },
    ]);
  });

  it('reads ARF abuse reports as complaints, from Original-Rcpt-To or, redacted, the returned headers', () => {
    expect(brief('arf-complaint.eml')).toEqual([
      { recipient: 'hana@example.com', kind: 'complaint', status: null, source: 'arf' },
    ]);
    expect(brief('arf-redacted-complaint.eml')).toEqual([
      { recipient: 'ivan@example.net', kind: 'complaint', status: null, source: 'arf' },
    ]);
  });

  it('reads the plain-text bounces of Gmail, Exim, Outlook, qmail and Yahoo', () => {
    expect(brief('gmail.eml')).toEqual([
      { recipient: 'jo.nobody@gmail.com', kind: 'hard', status: '5.1.1', source: 'text' },
    ]);
    expect(brief('exim.eml')).toEqual([
      { recipient: 'carol@example.net', kind: 'hard', status: '5.1.1', source: 'text' },
    ]);
    expect(brief('outlook-ndr.eml')).toEqual([
      { recipient: 'dave.gone@outlook.com', kind: 'hard', status: '5.5.0', source: 'text' },
    ]);
    expect(brief('qmail-over-quota.eml')).toEqual([
      { recipient: 'erin@example.org', kind: 'soft', status: '5.2.2', source: 'text' },
    ]);
    expect(brief('yahoo.eml')).toEqual([
      { recipient: 'frank.left@yahoo.com', kind: 'hard', status: '5.1.1', source: 'text' },
    ]);
  });

  it('finds nothing in an auto-reply, and refuses what is no email message', () => {
    expect(parseBounce(message('out-of-office.eml'))).toEqual([]);
    expect(() => parseBounce(message('not-a-message.txt'))).toThrow(UnreadableMessageError);
    expect(() => parseBounce('')).toThrow(/not an email message/);
  });

  it('keeps the server words as the diagnostic', () => {
    expect(parseBounce(message('postfix-dsn.eml'))[0]!.diagnostic).toMatch(
      /^550 5\.1\.1 <ann@example\.com>: Recipient address rejected: User unknown/,
    );
  });
});

describe('parseBounce with the VERP recipient', () => {
  // A DSN whose per-recipient block lost its recipient fields (one of the corpus's misses has this shape).
  const nameless = [
    'From: MAILER-DAEMON@mx.example.net',
    'To: bounces+ann=example.com@alerts.example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered to one or more recipients.',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
    '--b--',
    '',
  ].join('\r\n');

  it('names the VERP recipient when a failed DSN names none, and keeps the DSN block as evidence', () => {
    expect(parseBounce(nameless)).toEqual([]);
    const [entry] = parseBounce(nameless, { recipientIfUnnamed: 'Ann@Example.com' });
    expect(entry).toMatchObject({
      recipient: 'ann@example.com',
      kind: 'hard',
      status: '5.1.1',
      diagnostic: '550 5.1.1 User unknown',
      source: 'dsn',
    });
    expect(entry!.evidence).toMatch(/Action: failed/);
    expect(
      parseBounce(nameless.replace('Action: failed', 'Action: delivered').replace('Status: 5.1.1', 'Status: 2.0.0'), {
        recipientIfUnnamed: 'ann@example.com',
      }),
    ).toEqual([]);
  });

  it('never for an auto-reply, nor when the message names its recipient', () => {
    expect(parseBounce(message('out-of-office.eml'), { recipientIfUnnamed: 'ann@example.com' })).toEqual([]);
    expect(
      parseBounce(message('exim.eml'), { recipientIfUnnamed: 'someone@else.org' }).map((entry) => entry.recipient),
    ).not.toContain('someone@else.org');
  });

  it('a redacted ARF report is a complaint of the VERP recipient', () => {
    const raw = message('arf-complaint.eml')
      .toString('latin1')
      .replace(/^(Original-Rcpt-To|Removal-Recipient|To):.*\n/gim, '');
    expect(parseBounce(raw, { recipientIfUnnamed: 'hana@example.com' })).toMatchObject([
      { recipient: 'hana@example.com', kind: 'complaint', source: 'arf' },
    ]);
  });

  it('every entry carries its evidence', () => {
    for (const name of ['postfix-dsn.eml', 'arf-complaint.eml', 'exim.eml', 'qmail-over-quota.eml']) {
      for (const entry of parseBounce(message(name)))
        expect(entry.evidence).toContain(entry.source === 'arf' ? 'Feedback-Type' : entry.recipient);
    }
  });
});
