import { fastTransform, nodemailerTransform } from './fast-dot-stuffing';

/** Run chunks through a transform function with a fresh DataStream-like state; the bytes it pushes, and counts. */
function run(transform: typeof fastTransform, chunks: Buffer[]) {
  const out: Buffer[] = [];
  const state = { inByteCount: 0, outByteCount: 0, lastByte: false as number | false, push: (chunk: Buffer) => out.push(Buffer.from(chunk)) > 0 };
  for (const chunk of chunks) transform.call(state, chunk, 'latin1', () => undefined);
  return { bytes: Buffer.concat(out).toString('latin1'), inByteCount: state.inByteCount, outByteCount: state.outByteCount, lastByte: state.lastByte };
}

describe('fast dot-stuffing', () => {
  it('escapes exactly as nodemailer does, over 20,000 random messages split at random places', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const alphabet = ['a', 'b', '.', '.', '\r', '\n', '\r\n', '\r\n.', '\n.', '\r.', '..'];
    let changed = 0;
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const bytes = Buffer.from(text, 'latin1');
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + Math.floor(random() * 8);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const expected = run(nodemailerTransform, chunks);
      expect(run(fastTransform, chunks)).toEqual(expected);
      if (expected.bytes !== text) changed++;
    }
    expect(changed).toBeGreaterThan(10_000); // most cases really needed escaping
  });

  it('escapes a real CRLF message with a dot opening a line, and passes a clean one through whole', () => {
    const message = Buffer.from('Subject: x\r\n\r\nline one\r\n.hidden dot\r\nbare\nend.', 'latin1');
    expect(run(fastTransform, [message]).bytes).toBe('Subject: x\r\n\r\nline one\r\n..hidden dot\r\nbare\r\nend.');
    const clean = Buffer.from('a\r\nb\r\nc', 'latin1');
    expect(run(fastTransform, [clean]).bytes).toBe('a\r\nb\r\nc');
  });
});
