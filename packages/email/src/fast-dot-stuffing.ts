import type { TransformCallback } from 'node:stream';
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

type TransformFn = (this: DataStreamState, chunk: Buffer | string, encoding: BufferEncoding, done: TransformCallback) => void;

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

/** Make every nodemailer SMTP connection in this process escape with {@link fastTransform}. Idempotent. */
export function useFastDotStuffing(): void {
  prototype._transform = fastTransform;
}
