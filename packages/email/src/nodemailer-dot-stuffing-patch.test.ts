// Guards the process-wide patch of nodemailer's DATA escaper (see the warning in nodemailer-dot-stuffing-patch.ts).
// If this fails after a nodemailer upgrade, its internals moved: re-check the patch against the new DataStream.
import nodemailer from 'nodemailer';
import DataStream from 'nodemailer/lib/smtp-connection/data-stream.js';
import nodemailerPackage from 'nodemailer/package.json';
import {
  dataStreamShapeProblems,
  escapeWith,
  fastTransform,
  nodemailerTransform,
  patchNodemailerDotStuffing,
} from './nodemailer-dot-stuffing-patch';
import { createSmtpTransport } from './smtp-transport';
import { startTestSmtpServer, type TestSmtpServer } from './testing';

type Escaper = typeof fastTransform;
const prototype = DataStream.prototype as unknown as { _transform: Escaper };

describe("nodemailer's internals the patch relies on", () => {
  it('are as the patch was written for (nodemailer 10): a Transform class whose own _transform keeps the counters', () => {
    expect(nodemailerPackage.version).toMatch(/^10\./); // a new major: read its DataStream before raising this
    expect(dataStreamShapeProblems()).toEqual([]);
  });

  it('the SMTP transport applies the patch, on the DataStream prototype', () => {
    createSmtpTransport({ smtpUrl: 'smtp://127.0.0.1:1' });
    expect(prototype._transform).toBe(fastTransform);
    expect(patchNodemailerDotStuffing()).toBe(true); // idempotent
  });
});

describe('fast dot-stuffing', () => {
  it('escapes exactly as nodemailer does, over 20,000 random messages split at random places', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const alphabet = ['a', 'b', '.', '.', '\r', '\n', '\r\n', '\r\n.', '\n.', '\r.', '..'];
    let changed = 0;
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from(
        { length: Math.floor(random() * 40) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      const bytes = Buffer.from(text, 'latin1');
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(random() * 8);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const expected = escapeWith(nodemailerTransform, chunks);
      expect(escapeWith(fastTransform, chunks)).toEqual(expected);
      if (expected.bytes !== text) changed++;
    }
    expect(changed).toBeGreaterThan(10_000); // most cases really needed escaping
  });

  it('escapes a real CRLF message with a dot opening a line, and passes a clean one through whole', () => {
    const message = Buffer.from('Subject: x\r\n\r\nline one\r\n.hidden dot\r\nbare\nend.', 'latin1');
    expect(escapeWith(fastTransform, [message]).bytes).toBe(
      'Subject: x\r\n\r\nline one\r\n..hidden dot\r\nbare\r\nend.',
    );
    const clean = Buffer.from('a\r\nb\r\nc', 'latin1');
    expect(escapeWith(fastTransform, [clean]).bytes).toBe('a\r\nb\r\nc');
  });
});

describe('a message with lines opening with dots, through nodemailer to a real SMTP server', () => {
  let server: TestSmtpServer;
  beforeEach(async () => {
    server = await startTestSmtpServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('goes through the patched escaper and arrives whole: a lone "." does not end the DATA early, ".." keeps both dots', async () => {
    expect(patchNodemailerDotStuffing()).toBe(true);
    // Count what goes through the prototype's method, to show nodemailer's connection uses the class patched here.
    let escaped = 0;
    prototype._transform = function countingTransform(this: ThisParameterType<Escaper>, ...args: Parameters<Escaper>) {
      escaped++;
      fastTransform.apply(this, args);
    };
    const body = ['.', '..two dots', '.leading dot', 'middle . dot', '.', 'the end'].join('\r\n');
    const raw = `From: a@example.org\r\nTo: b@example.org\r\nSubject: dots\r\nMessage-ID: <dots@example.org>\r\n\r\n${body}\r\n`;
    const transporter = nodemailer.createTransport({
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transporter.sendMail({ envelope: { from: 'a@example.org', to: ['b@example.org'] }, raw });
    } finally {
      transporter.close();
      prototype._transform = fastTransform;
    }
    const [received] = await server.waitForMessages(1);
    expect(escaped).toBeGreaterThan(0);
    expect(received!.raw).toBe(raw);
    expect(received!.parsed.text).toBe(`${body.replace(/\r\n/g, '\n')}\n`);
  });
});
