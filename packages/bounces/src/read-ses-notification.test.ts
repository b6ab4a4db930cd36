import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSesNotification } from './read-ses-notification';

// AWS's own examples (test/ses/README.md says which page each comes from).
const notification = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '..', 'test', 'ses', name), 'utf8')) as unknown;
const brief = (name: string) =>
  readSesNotification(notification(name)).entries.map(({ recipient, kind, status }) => ({ recipient, kind, status }));

describe('readSesNotification', () => {
  it('reads a Permanent bounce as hard, with or without a DSN', () => {
    expect(brief('bounce-with-dsn.json')).toEqual([{ recipient: 'jane@example.com', kind: 'hard', status: '5.1.1' }]);
    expect(brief('bounce-without-dsn.json')).toEqual([
      { recipient: 'jane@example.com', kind: 'hard', status: null },
      { recipient: 'richard@example.com', kind: 'hard', status: null },
    ]);
    const read = readSesNotification(notification('bounce-with-dsn.json'));
    expect(read).toMatchObject({
      type: 'Bounce',
      id: '00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000',
      at: new Date('2016-01-27T14:59:38.237Z'),
    });
    expect(read.entries[0]!.diagnostic).toBe('550 5.1.1 <jane@example.com>... User');
    expect(read.entries[0]!.evidence).toContain('"bounceSubType": "General"');
  });

  it('reads a Transient bounce (event publishing shape) as soft', () => {
    expect(brief('bounce-transient-event.json')).toEqual([
      { recipient: 'mary@example.com', kind: 'soft', status: '5.2.2' },
    ]);
  });

  it('a Permanent bounce for a spam refusal is soft, as the same DSN would be', () => {
    const spam = notification('bounce-with-dsn.json') as { bounce: { bouncedRecipients: Record<string, string>[] } };
    spam.bounce.bouncedRecipients[0] = {
      emailAddress: 'jane@example.com',
      status: '5.7.1',
      diagnosticCode: 'smtp; 550 5.7.1 Message rejected as spam',
    };
    expect(readSesNotification(spam).entries[0]!.kind).toBe('soft');
  });

  it('reads complaints, and not-spam feedback as none', () => {
    expect(brief('complaint-with-feedback-report.json')).toEqual([
      { recipient: 'richard@example.com', kind: 'complaint', status: null },
    ]);
    const notSpam = notification('complaint-with-feedback-report.json') as { complaint: Record<string, unknown> };
    notSpam.complaint.complaintFeedbackType = 'not-spam';
    expect(readSesNotification(notSpam).entries).toEqual([]);
  });

  it('reads deliveries, and refuses what is no SES notification', () => {
    expect(readSesNotification(notification('delivery.json'))).toMatchObject({
      type: 'Delivery',
      entries: [],
      delivered: ['jane@example.com'],
    });
    expect(readSesNotification({ eventType: 'Open', mail: {} })).toMatchObject({
      type: 'Open',
      entries: [],
      delivered: [],
    });
    expect(() => readSesNotification({ Type: 'Notification' })).toThrow(/not an Amazon SES notification/);
  });
});
