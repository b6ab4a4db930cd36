import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';

/**
 * The signing certificate for an SNS SigningCertURL (already checked to be SNS's own host). With `trustedFile`
 * (SES_SNS_CERT_FILE), that certificate is used for every URL and nothing is fetched: for tests, where a locally
 * generated key signs the messages, and for a deployment that pins SNS's certificate. Otherwise it is fetched over
 * https, once per URL, into `cache` (the caller's, so its lifetime is visible).
 */
export function createSnsCertificates(options: {
  trustedFile?: string | null;
  cache: Map<string, string>;
  fetchText?: (url: string) => Promise<string>;
}) {
  const trusted = options.trustedFile ? readFileSync(options.trustedFile, 'utf8') : null;
  if (trusted) new X509Certificate(trusted); // a file that is no certificate stops the start, naming the problem
  const fetchText =
    options.fetchText ??
    (async (url: string) => {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
      if (!response.ok) throw new Error(`SNS certificate ${url}: HTTP ${response.status}`);
      return response.text();
    });
  return async (url: string): Promise<string> => {
    if (trusted) return trusted;
    const cached = options.cache.get(url);
    if (cached) return cached;
    const pem = await fetchText(url);
    new X509Certificate(pem);
    if (options.cache.size > 50) options.cache.clear(); // SNS rotates rarely; never let a flood of URLs grow it
    options.cache.set(url, pem);
    return pem;
  };
}
