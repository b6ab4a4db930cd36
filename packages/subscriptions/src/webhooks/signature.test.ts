import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signWebhook } from './signature';

// Checked against the Standard Webhooks project's own JavaScript library (npm `standardwebhooks`), not our reading
// of the specification.
describe('signWebhook', () => {
  it('signs so that the reference implementation verifies, and only the same id, time and body', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      type: 'alert.matched',
      data: { questions: [{ id: 1, heading: 'Schools: £ and “quotes”' }] },
    });
    const headers = {
      'webhook-id': 'dlv_abc',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, { id: 'dlv_abc', timestamp, body }),
    };
    const reference = new Webhook(secret);
    expect(reference.verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => reference.verify(body.replace('1', '2'), headers)).toThrow();
    expect(() => reference.verify(body, { ...headers, 'webhook-id': 'dlv_other' })).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it("matches the specification's published example", () => {
    // From the Standard Webhooks specification's test vectors (and the reference library's tests).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body })).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('refuses a secret without the whsec_ prefix', () => {
    expect(() => signWebhook('plain', { id: 'x', timestamp: 1, body: '' })).toThrow(/whsec_/);
  });
});
