const ADDRESS = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}/;

/** The first email address in `text` (`rfc822; <ann@example.com>` → `ann@example.com`), lower-cased, or undefined. */
export function addressIn(text: string): string | undefined {
  const match = ADDRESS.exec(text);
  return match ? clean(match[0]) : undefined;
}

/** Every email address in `text`, lower-cased, in order of first appearance. */
export function addressesIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(new RegExp(ADDRESS.source, 'g'))) found.add(clean(match[0]));
  return [...found];
}

/** Lower-cased, without stray dots at either end or the `SMTP=` of an X.400 address (Exchange's old reports). */
function clean(address: string): string {
  return address
    .replace(/^smtp=/i, '')
    .replace(/^['.]+|['.]+$/g, '')
    .toLowerCase();
}
