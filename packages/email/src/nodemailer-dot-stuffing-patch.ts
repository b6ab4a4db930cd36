/**
 * ⚠ A PROCESS-WIDE PATCH OF NODEMAILER'S INTERNALS. {@link patchNodemailerDotStuffing} replaces the `_transform`
 * method of nodemailer's `DataStream` class (the SMTP DATA escaper, not part of its public API) on the class's
 * prototype, so every nodemailer SMTP connection in the process escapes with {@link fastTransform} from then on.
 *
 * Why: nodemailer escapes in a JavaScript loop over every byte, a quarter of the mailer's sending CPU (see
 * packages/email/README.md). What it relies on, checked by {@link dataStreamShapeProblems} before patching and by
 * nodemailer-dot-stuffing-patch.test.ts on every test run: the module `nodemailer/lib/smtp-connection/data-stream.js`
 * exports the class SMTP connections use, a stream `Transform` whose own `_transform(chunk, encoding, done)` keeps
 * `inByteCount`, `outByteCount` and `lastByte` (read by its `_flush`), and escapes exactly as {@link fastTransform}
 * does. When a nodemailer upgrade changes any of that, the patch is not applied (nodemailer's own escaper is correct,
 * only slower) and that test fails: re-check this file against the new DataStream before changing the test.
 */
import { Transform, type TransformCallback } from 'node:stream';
// nodemailer's SMTP DATA escaper: every message it sends passes through this Transform.
import DataStream from 'nodemailer/lib/smtp-connection/data-stream.js';

const CR = 13;
const LF = 10;
const DOT = 46;
const INSERT_LF = Buffer.from('\n');
const INSERT_LF_DOT = Buffer.from('\n.');
const INSERT_CR = Buffer.from('\r');
const INSERT_DOT = Buffer.from('.');

interface DataStreamState {
  inByteCount: number;
  outByteCount: number;
  /** The last byte of the previous chunk; false before the first. */
  lastByte: number | false;
  push(chunk: Buffer): boolean;
}

type TransformFn = (
  this: DataStreamState,
  chunk: Buffer | string,
  encoding: BufferEncoding,
  done: TransformCallback,
) => void;

const prototype = DataStream.prototype as unknown as { _transform: TransformFn };

/** nodemailer's own escaper, kept so tests can hold ours to it byte for byte. */
export const nodemailerTransform: TransformFn = prototype._transform;

/**
 * The same escaping as nodemailer's DataStream (bare CR and bare LF become CRLF, a dot opening a line is doubled,
 * and a dot after a bare CR is stuffed too), found with `Buffer.indexOf` rather than a JavaScript loop over every
 * byte. That loop was a quarter of the CPU of sending a 60 KiB digest; a message holds a line break every 76
 * bytes, so only those places are looked at here.
 */
export const fastTransform: TransformFn = function fastTransform(input, _encoding, done) {
  if (!input || !input.length) return done();
  const chunk = typeof input === 'string' ? Buffer.from(input) : input;
  this.inByteCount += chunk.length;
  const parts: Buffer[] = [];
  let length = 0;
  let lastPos = 0;
  let checked = -1;
  const lastByte = this.lastByte;
  // The original rule for the byte at i, given the byte before it; callers pass every i at which it can fire
  // (0, each LF, and each byte after a CR or LF), in increasing order.
  const check = (i: number) => {
    if (i <= checked || i >= chunk.length) return;
    checked = i;
    const byte = chunk[i]!;
    const prev = i ? chunk[i - 1]! : lastByte;
    let insert: Buffer | null = null;
    if (prev === CR && byte !== LF) insert = byte === DOT ? INSERT_LF_DOT : INSERT_LF;
    else if (byte === LF && prev !== CR) insert = INSERT_CR;
    else if (byte === DOT && (prev === LF || prev === false)) insert = INSERT_DOT;
    if (insert) {
      if (i > lastPos) {
        parts.push(chunk.subarray(lastPos, i));
        length += i - lastPos;
      }
      parts.push(insert);
      length += insert.length;
      lastPos = i;
    }
  };
  check(0);
  let cr = chunk.indexOf(CR);
  let lf = chunk.indexOf(LF);
  while (cr >= 0 || lf >= 0) {
    if (lf >= 0 && (cr < 0 || lf < cr)) {
      check(lf);
      check(lf + 1);
      lf = chunk.indexOf(LF, lf + 1);
    } else {
      check(cr + 1);
      cr = chunk.indexOf(CR, cr + 1);
    }
  }
  if (parts.length) {
    if (lastPos < chunk.length) {
      parts.push(chunk.subarray(lastPos));
      length += chunk.length - lastPos;
    }
    this.outByteCount += length;
    this.push(Buffer.concat(parts, length));
  } else {
    this.outByteCount += chunk.length;
    this.push(chunk);
  }
  this.lastByte = chunk[chunk.length - 1]!;
  done();
};

/**
 * What differs from the DataStream this patch was written for (nodemailer 10.6): an empty list when the patch is
 * safe. Also runs nodemailer's escaper and ours on a probe holding every rule, so a change in the escaping itself
 * shows up too.
 */
export function dataStreamShapeProblems(): string[] {
  const problems: string[] = [];
  if (typeof DataStream !== 'function' || !(DataStream.prototype instanceof Transform)) {
    return ['nodemailer/lib/smtp-connection/data-stream.js no longer exports a stream Transform class'];
  }
  if (!Object.prototype.hasOwnProperty.call(DataStream.prototype, '_transform'))
    problems.push('DataStream.prototype has no own _transform');
  if (typeof nodemailerTransform !== 'function' || nodemailerTransform.length !== 3) {
    problems.push('DataStream.prototype._transform is not a function of (chunk, encoding, done)');
  }
  if (typeof (DataStream.prototype as unknown as { _flush?: unknown })._flush !== 'function')
    problems.push('DataStream.prototype has no _flush');
  const fresh = new DataStream() as unknown as DataStreamState;
  if (fresh.inByteCount !== 0 || fresh.outByteCount !== 0 || fresh.lastByte !== false) {
    problems.push('a new DataStream does not start with inByteCount 0, outByteCount 0 and lastByte false');
  }
  if (!problems.length) {
    const probe = [Buffer.from('.a\r\n..b\rc\r.d\n.e\r'), Buffer.from('\n.\r\nf.')];
    if (JSON.stringify(escapeWith(nodemailerTransform, probe)) !== JSON.stringify(escapeWith(fastTransform, probe))) {
      problems.push("DataStream's escaping differs from fastTransform's on a probe message");
    }
  }
  return problems;
}

/** Run chunks through an escaper with a fresh DataStream's state: the bytes it pushes, and its counters. */
export function escapeWith(transform: TransformFn, chunks: readonly Buffer[]) {
  const out: Buffer[] = [];
  const state: DataStreamState = {
    inByteCount: 0,
    outByteCount: 0,
    lastByte: false,
    push: (chunk) => out.push(Buffer.from(chunk)) > 0,
  };
  for (const chunk of chunks) transform.call(state, chunk, 'latin1', () => undefined);
  const { inByteCount, outByteCount, lastByte } = state;
  return { bytes: Buffer.concat(out).toString('latin1'), inByteCount, outByteCount, lastByte };
}

/**
 * Make every nodemailer SMTP connection in this process escape with {@link fastTransform}; idempotent. Leaves
 * nodemailer's own escaper in place, and returns false, when its DataStream is not the shape this was written for.
 */
export function patchNodemailerDotStuffing(): boolean {
  if (prototype._transform === fastTransform) return true;
  if (dataStreamShapeProblems().length) return false;
  prototype._transform = fastTransform;
  return true;
}
