import { mailboxKey } from './email-address';

describe('mailboxKey', () => {
  it('drops a +tag everywhere', () => {
    expect(mailboxKey('bomb+1@example.org')).toBe('bomb@example.org');
    expect(mailboxKey('+only@example.org')).toBe('+only@example.org');
  });

  it('at Gmail, drops dots and folds googlemail.com into gmail.com', () => {
    for (const email of ['j.o.hn@gmail.com', 'john@googlemail.com', 'jo.hn+news@googlemail.com', 'john@gmail.com'])
      expect(mailboxKey(email)).toBe('john@gmail.com');
  });

  it('keeps dots elsewhere, where they may be significant', () => {
    expect(mailboxKey('j.ohn@example.org')).toBe('j.ohn@example.org');
    expect(mailboxKey('j.ohn@gmail.com.example.org')).toBe('j.ohn@gmail.com.example.org');
  });
});
