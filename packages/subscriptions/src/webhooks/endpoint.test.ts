import { checkWebhookEndpoint, parseAllowHosts } from './endpoint';

const none = new Set<string>();
const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('checkWebhookEndpoint', () => {
  it('accepts a public HTTPS endpoint and pins the address it resolved', async () => {
    const checked = await checkWebhookEndpoint('https://hooks.example.org/T1/B2', {
      allowHosts: none,
      resolve: resolvesTo('93.184.216.34'),
    });
    expect(checked).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(checked.url.pathname).toBe('/T1/B2');
  });

  it.each([
    ['http://hooks.example.org/x', resolvesTo('93.184.216.34'), /must start with https/],
    ['https://user:pw@hooks.example.org/x', resolvesTo('93.184.216.34'), /user name or password/],
    ['not a url', resolvesTo('93.184.216.34'), /not a URL/],
    ['https://127.0.0.1/x', resolvesTo(), /private, loopback or reserved/],
    ['https://[::1]/x', resolvesTo(), /private, loopback or reserved/],
    ['https://169.254.169.254/latest/meta-data', resolvesTo(), /private, loopback or reserved/],
    ['https://internal.example.org/x', resolvesTo('10.1.2.3'), /10\.1\.2\.3/],
    ['https://mixed.example.org/x', resolvesTo('93.184.216.34', '192.168.1.1'), /192\.168\.1\.1/],
    ['https://mapped.example.org/x', resolvesTo('::ffff:172.16.0.1'), /private/],
    ['https://nowhere.example.org/x', async () => [], /does not resolve/],
  ])('refuses %s', async (url, resolve, message) => {
    await expect(checkWebhookEndpoint(url, { allowHosts: none, resolve })).rejects.toThrow(message);
  });

  it('lets an operator allow a private host, over plain http too (WEBHOOK_ALLOW_HOSTS)', async () => {
    const allowHosts = parseAllowHosts(' 127.0.0.1, Receiver.Internal ,');
    expect([...allowHosts]).toEqual(['127.0.0.1', 'receiver.internal']);
    await expect(checkWebhookEndpoint('http://127.0.0.1:8080/hook', { allowHosts })).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    await expect(
      checkWebhookEndpoint('https://receiver.internal/hook', { allowHosts, resolve: resolvesTo('10.0.0.5') }),
    ).resolves.toMatchObject({ address: '10.0.0.5' });
    await expect(checkWebhookEndpoint('http://127.0.0.2/hook', { allowHosts })).rejects.toThrow(/https/);
  });
});
