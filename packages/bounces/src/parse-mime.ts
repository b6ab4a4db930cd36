/** One MIME entity: its headers (lower-cased names, unfolded, in order), its type, its decoded text, its children. */
export interface MimePart {
  headers: [name: string, value: string][];
  /** Lower-cased `type/subtype`; `text/plain` when absent (RFC 2045 §5.2). */
  type: string;
  params: Record<string, string>;
  /** The body decoded from base64 or quoted-printable into text (UTF-8 or latin1 as labelled), for leaf parts. */
  text: string;
  /** Parts of a multipart, or the one enclosed message of a `message/*` part. */
  parts: MimePart[];
}

/** The first value of header `name` (lower case), or undefined. */
export function headerOf(part: MimePart, name: string): string | undefined {
  return part.headers.find(([key]) => key === name)?.[1];
}

/**
 * Split a raw message into its MIME tree. Lenient on purpose: bounces come from every kind of mail server, some
 * of them old or broken, and a part we cannot split is kept as text rather than refused.
 */
export function parseMime(raw: string, depth = 0): MimePart {
  const text = raw.replace(/\r\n?/g, '\n');
  const blank = text.search(/\n\n|^\n/);
  const headerBlock = blank === -1 ? text : text.slice(0, blank);
  const body = blank === -1 ? '' : text.slice(blank + (text.startsWith('\n') ? 1 : 2));
  const headers = parseHeaders(headerBlock);
  const [type, params] = parseContentType(headers.find(([key]) => key === 'content-type')?.[1]);
  const part: MimePart = { headers, type, params, text: '', parts: [] };
  if (depth > 8) return { ...part, text: body };
  if (type.startsWith('multipart/') && params.boundary) {
    part.parts = splitMultipart(body, params.boundary).map((child) => parseMime(child, depth + 1));
  } else if (type === 'message/rfc822' || type === 'message/global') {
    part.parts = [parseMime(decode(body, headers), depth + 1)];
  } else {
    part.text = decode(body, headers, params.charset);
  }
  return part;
}

function parseHeaders(block: string): [string, string][] {
  const headers: [string, string][] = [];
  for (const line of block.split('\n')) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) last[1] += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0 && !/\s/.test(line.slice(0, colon).trim()))
        headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
    }
  }
  return headers;
}

function parseContentType(value: string | undefined): [string, Record<string, string>] {
  if (!value) return ['text/plain', {}];
  const [type = 'text/plain', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const match of rest.join(';').matchAll(/([\w.*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]+))/g)) {
    params[match[1]!.toLowerCase()] = match[2] ?? match[3] ?? '';
  }
  return [type.trim().toLowerCase(), params];
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const chunks: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) chunks.push(current.join('\n'));
      if (trimmed.endsWith('--') && trimmed !== delimiter) return chunks;
      current = [];
    } else current?.push(line);
  }
  if (current?.length) chunks.push(current.join('\n'));
  return chunks;
}

function decode(body: string, headers: [string, string][], charset = 'utf-8'): string {
  const encoding = headers
    .find(([key]) => key === 'content-transfer-encoding')?.[1]
    .toLowerCase()
    .trim();
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  else if (encoding === 'quoted-printable') {
    bytes = Buffer.from(
      body
        .replace(/=\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
  } else return body;
  return /^(utf-?8|us-ascii)$/i.test(charset) ? bytes.toString('utf8') : bytes.toString('latin1');
}
