import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sampleTemplateData } from '@alerts/email';
import { Command } from 'commander';
import { previewEmail, register } from './preview';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'alerts-preview-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('alerts preview', () => {
  it('renders the digest from the bundled sample questions, writing HTML and text and printing the subject', async () => {
    const out = path.join(dir, 'digest.html');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const program = new Command().exitOverride();
      register(program);
      await program.parseAsync(['preview', 'digest', '--out', out], { from: 'user' });
      expect(write.mock.calls.map((call) => String(call[0])).join('')).toMatch(
        /^Subject: 24 new answers: military bases, /,
      );
    } finally {
      write.mockRestore();
    }
    const html = await readFile(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('Diego Garcia: Military Bases');
    expect(await readFile(path.join(dir, 'digest.txt'), 'utf8')).toContain('== military bases (18 new answers) ==');
  });

  it('renders JSON given with --data', async () => {
    const data = { ...sampleTemplateData('goodbye'), recipientEmail: 'designer@example.org' };
    const dataFile = path.join(dir, 'goodbye.json');
    await writeFile(dataFile, JSON.stringify(data));
    const result = await previewEmail({ template: 'goodbye', dataFile, out: path.join(dir, 'bye.html') });
    expect(result.subject).toBe('You have unsubscribed from Parliament Alerts');
    expect(await readFile(result.textFile, 'utf8')).toContain('designer@example.org');
  });

  it('explains an unknown template, bad JSON and invalid data', async () => {
    await expect(previewEmail({ template: 'newsletter' })).rejects.toThrow(
      'Unknown email template "newsletter"; valid templates: confirmation, digest, immediate, goodbye',
    );
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{ nope');
    await expect(previewEmail({ template: 'digest', dataFile: broken })).rejects.toThrow(
      /broken\.json: not valid JSON/,
    );
    const invalid = path.join(dir, 'invalid.json');
    await writeFile(invalid, JSON.stringify({ ...sampleTemplateData('goodbye'), baseUrl: 'javascript:alert(1)' }));
    await expect(previewEmail({ template: 'goodbye', dataFile: invalid })).rejects.toThrow(
      /invalid\.json: Invalid data for the "goodbye" email at baseUrl: must be an http\(s\) URL/,
    );
  });
});
