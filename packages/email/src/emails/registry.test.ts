import { readdirSync } from 'node:fs';
import path from 'node:path';
import { defaultEmailsDir, defaultTemplatesDir } from '../compile-templates';
import { emails, isTemplateName, templateNames } from './registry';

describe('the registry of emails', () => {
  const folders = readdirSync(defaultEmailsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

  it('lists every folder of src/emails/, and nothing else', () => {
    expect([...templateNames].sort()).toEqual([...folders].sort());
  });

  it.each(templateNames)('finds the sources and definition of %s in its folder', (name) => {
    expect(readdirSync(path.join(defaultEmailsDir, name)).sort()).toEqual(
      expect.arrayContaining([`${name}.mjml`, `${name}.ts`, `${name}.txt.hbs`]),
    );
    expect(typeof emails[name].viewModel).toBe('function');
  });

  it('leaves only the shared layout and partials in templates/', () => {
    expect(readdirSync(defaultTemplatesDir).sort()).toEqual(['README.md', 'partials']);
  });

  it('knows its names and no others', () => {
    expect(isTemplateName('digest')).toBe(true);
    expect(isTemplateName('toString')).toBe(false);
    expect(isTemplateName('newsletter')).toBe(false);
  });
});
