import { generateKeyPairSync } from 'node:crypto';
import { buildMessage } from './build-message';
import { composeMime } from './compose-mime';
import { createDkimSigner, DKIM_SIGNED_HEADERS } from './create-dkim-signer';
import { dkimpyAvailable, dkimSignedHeaders, verifyDkimWithDkimpy } from './testing';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = {
  publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  domain: 'example.org',
  selector: 'alerts',
};
const sign = createDkimSigner({
  domainName: 'example.org',
  keySelector: 'alerts',
  privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});

const message = buildMessage({
  to: { name: 'Ann Reader', address: 'ann@example.com' },
  from: { name: 'Parliament Alerts', address: 'alerts@example.org' },
  rendered: { subject: 'Réponses: 3 new answers', html: '<p>Hi  there </p>\n'.repeat(50), text: 'Hi \t there\n\n\n' },
  unsubscribeUrl: 'https://alerts.example.org/unsubscribe/abc',
  messageIdDomain: 'alerts.example.org',
  feedbackKind: 'digest-daily',
});
const signed = sign(composeMime(message)!, new Date('2026-12-01T07:00:00Z')).toString('latin1');
/** Insert `header` just after the signature, as a relay adding a field would. */
const withAdded = (header: string) => signed.replace(/\r\n(?=[A-Z][\w-]*:)/, `\r\n${header}\r\n`);

describe('createDkimSigner', () => {
  it('over-signs every listed header: each named once more than it occurs, absent ones once', () => {
    const h = dkimSignedHeaders(signed)!;
    const count = (name: string) => h.filter((entry) => entry === name).length;
    for (const name of [
      'from',
      'to',
      'subject',
      'date',
      'message-id',
      'list-unsubscribe',
      'list-unsubscribe-post',
      'list-id',
    ])
      expect(count(name)).toBe(2);
    expect(count('reply-to')).toBe(1);
    expect(count('cc')).toBe(1);
    // Signed once: a relay such as Amazon SES may add its own Feedback-ID.
    expect(count('feedback-id')).toBe(1);
    expect(new Set(h)).toEqual(new Set([...DKIM_SIGNED_HEADERS, 'Feedback-ID'].map((name) => name.toLowerCase())));
    expect(signed).toMatch(
      /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.org;\s+q=dns\/txt; s=alerts; t=1796108400;/,
    );
    for (const line of signed.split('\r\n\r\n')[0]!.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  const verifier = dkimpyAvailable() ? it : it.skip;
  if (!dkimpyAvailable())
    console.warn('dkimpy missing (apt-get install python3-dkim): skipping the independent DKIM verification');

  verifier('verifies with dkimpy, and still does after a relay re-folds headers (relaxed canonicalization)', () => {
    expect(verifyDkimWithDkimpy(signed, key)).toEqual({ ok: true, detail: 'PASS' });
    expect(verifyDkimWithDkimpy(signed.replace('Subject: ', 'Subject:   \t'), key).ok).toBe(true);
    expect(verifyDkimWithDkimpy(`Received: from relay.example.net\r\n${signed}`, key).ok).toBe(true);
  });

  verifier('survives a relay adding its own Feedback-ID on top, as Amazon SES does', () => {
    expect(verifyDkimWithDkimpy(`Feedback-ID: 1.eu-west-1.abc:AmazonSES\r\n${signed}`, key).ok).toBe(true);
  });

  verifier('breaks when a relay adds a second From, a Reply-To or another List-Unsubscribe, or edits the body', () => {
    expect(verifyDkimWithDkimpy(withAdded('From: attacker@evil.example'), key).ok).toBe(false);
    expect(verifyDkimWithDkimpy(withAdded('Reply-To: attacker@evil.example'), key).ok).toBe(false);
    expect(verifyDkimWithDkimpy(withAdded('List-Unsubscribe: <https://evil.example/>'), key).ok).toBe(false);
    expect(verifyDkimWithDkimpy(signed.replace(/(\r\n\r\n--[^\r]+\r\n(?:[^\r]+\r\n)+\r\n)./, '$1A'), key).ok).toBe(
      false,
    );
  });

  verifier('signs a message with bare LF line endings (the dev mailbox) as its CRLF form', () => {
    const lf = composeMime(message)!.toString('latin1').replace(/\r\n/g, '\n');
    expect(verifyDkimWithDkimpy(sign(Buffer.from(lf, 'latin1')), key).ok).toBe(true);
  });
});
