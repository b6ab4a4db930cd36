import { hashPassword, verifyPassword } from '@alerts/tokens';
import { passwordProblem, readAdminPassword } from './admin';

describe('alerts admin create', () => {
  const never = async () => {
    throw new Error('should not ask');
  };

  it('takes the password from ALERTS_ADMIN_PASSWORD without asking', async () => {
    expect(
      await readAdminPassword({ env: { ALERTS_ADMIN_PASSWORD: 'a long enough password' }, isTty: true, ask: never }),
    ).toBe('a long enough password');
  });

  it('asks twice on a terminal and refuses different answers', async () => {
    const answers = ['first password!', 'second password'];
    await expect(readAdminPassword({ env: {}, isTty: true, ask: async () => answers.shift()! })).rejects.toThrow(
      'the two passwords differ',
    );
    const same = ['same password 1', 'same password 1'];
    expect(await readAdminPassword({ env: {}, isTty: true, ask: async () => same.shift()! })).toBe('same password 1');
  });

  it('refuses to read a password from a pipe', async () => {
    await expect(readAdminPassword({ env: {}, isTty: false, ask: never })).rejects.toThrow('ALERTS_ADMIN_PASSWORD');
  });

  it('requires at least 12 characters', () => {
    expect(passwordProblem('short')).toContain('at least 12');
    expect(passwordProblem('twelve chars')).toBeNull();
  });

  it('hashes with scrypt in a format the web app verifies', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('wrong', hash)).toBe(false);
  });
});
