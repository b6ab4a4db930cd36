import { createTokenSigner, TokenError } from './tokens';

const signer = createTokenSigner('x'.repeat(32));
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as TokenError).code;
  }
  return 'no error';
};

describe('tokens', () => {
  it('round-trips claims for the purpose they were signed for', () => {
    const token = signer.sign({ purpose: 'manage', subject: 'sub_1', version: 2 }, 0);
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(signer.verify(token, 'manage', 1000)).toEqual({
      purpose: 'manage',
      subject: 'sub_1',
      version: 2,
      expiresAt: 90 * 24 * 3600,
    });
  });

  it('refuses a token for another purpose, an altered one, a malformed one and an expired one', () => {
    const token = signer.sign({ purpose: 'unsubscribe', subject: 'sub_1', version: 0 });
    expect(codeOf(() => signer.verify(token, 'manage'))).toBe('TOKEN_WRONG_PURPOSE');
    const [payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify(['unsubscribe', 'sub_2', 0, 0])).toString('base64url');
    expect(codeOf(() => signer.verify(`${forged}.${sig}`, 'unsubscribe'))).toBe('TOKEN_BAD_SIGNATURE');
    expect(codeOf(() => signer.verify(`${payload}.${sig}x`, 'unsubscribe'))).toBe('TOKEN_BAD_SIGNATURE');
    for (const junk of ['', 'abc', 'a.b.c', '..', `${payload}.`])
      expect(codeOf(() => signer.verify(junk, 'unsubscribe'))).toMatch(/TOKEN_(MALFORMED|BAD_SIGNATURE)/);
    const confirm = signer.sign({ purpose: 'confirm', subject: 'sub_1', version: 0 }, 0);
    expect(codeOf(() => signer.verify(confirm, 'confirm', 8 * 24 * 3600 * 1000))).toBe('TOKEN_EXPIRED');
    expect(signer.verify(token, 'unsubscribe', Date.now() + 10 * 365 * 24 * 3600 * 1000).expiresAt).toBe(0);
  });

  it('does not verify under another secret, and refuses short secrets', () => {
    const other = createTokenSigner('y'.repeat(32));
    expect(codeOf(() => other.verify(signer.sign({ purpose: 'feed', subject: 's', version: 0 }), 'feed'))).toBe(
      'TOKEN_BAD_SIGNATURE',
    );
    expect(() => createTokenSigner('short')).toThrow(/at least 32 bytes/);
  });
});
