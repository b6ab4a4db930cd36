import { buildExcerpt } from './build-excerpt';
import { sampleQuestions } from './sample-questions';

const join = (segments: { text: string }[]) => segments.map((s) => s.text).join('');
const marks = (segments: { text: string; mark: boolean }[]) => segments.filter((s) => s.mark).map((s) => s.text);

describe('buildExcerpt', () => {
  it('cuts about 400 characters around the first match in a real answer and marks every occurrence', () => {
    const question = sampleQuestions().find((q) => q.text.length > 700 && /\bbases\b/i.test(q.text.slice(500)))!;
    const segments = buildExcerpt(question.text, ['bases', 'base']);
    const text = join(segments);
    expect(text.length).toBeGreaterThan(300);
    expect(text.length).toBeLessThanOrEqual(404);
    expect(marks(segments).length).toBeGreaterThan(0);
    for (const mark of marks(segments)) expect(mark.toLowerCase()).toMatch(/^bases?$/);
    expect(text.startsWith('… ')).toBe(/\bbases?\b/i.exec(question.text)!.index > 100);
  });

  it('matches whole words only, case-insensitively, preferring the longest word', () => {
    const segments = buildExcerpt('Encryption, ENCRYPTED data and encryptionist views; decrypt encrypted.', [
      'encrypted',
      'encryption',
    ]);
    expect(marks(segments)).toEqual(['Encryption', 'ENCRYPTED', 'encrypted']);
    expect(join(segments)).toBe('Encryption, ENCRYPTED data and encryptionist views; decrypt encrypted.');
  });

  it('treats accented letters as word characters and escapes regex syntax in words', () => {
    expect(marks(buildExcerpt('café cafés (c++) c++ a.b axb', ['café', 'c++', 'a.b']))).toEqual([
      'café',
      'c++',
      'c++',
      'a.b',
    ]);
  });

  it('falls back to the start when nothing matches, and ends on a word with an ellipsis', () => {
    const long = 'word '.repeat(200);
    const segments = buildExcerpt(long, ['absent']);
    expect(segments).toHaveLength(1);
    expect(join(segments).startsWith('word word')).toBe(true);
    expect(join(segments).endsWith('word …')).toBe(true);
  });

  it('keeps a match near the end inside the window', () => {
    const text = `${'filler '.repeat(150)}the encryption clause ends here.`;
    const segments = buildExcerpt(text, ['encryption']);
    expect(marks(segments)).toEqual(['encryption']);
    expect(join(segments).endsWith('ends here.')).toBe(true);
  });

  it('collapses whitespace and line breaks', () => {
    expect(join(buildExcerpt('a\n\n b\t c', []))).toBe('a b c');
  });
});

describe('buildExcerpt on long answers', () => {
  it('finds a highlight deep in a long text and cuts around it with ellipses on both sides', () => {
    const filler = 'The department keeps these matters under review. '.repeat(400); // ~20 kB
    const text = `${filler}Funding for flood defences in Somerset rose this year. ${filler}`;
    const segments = buildExcerpt(text, ['flood']);
    const joined = segments.map((s) => s.text).join('');
    expect(joined.startsWith('… ') && !joined.startsWith('… …')).toBe(true);
    expect(joined.endsWith(' …') && !joined.endsWith('… …')).toBe(true);
    expect(segments.filter((s) => s.mark)).toEqual([{ text: 'flood', mark: true }]);
    expect(joined).toContain('Funding for flood defences');
    expect(joined.length).toBeLessThan(420);
  });

  it('does not take a word inside another word for the highlight', () => {
    const text = `${'database '.repeat(3000)}the naval base at Faslane ${'filler '.repeat(3000)}`;
    expect(buildExcerpt(text, ['base']).filter((s) => s.mark)).toEqual([{ text: 'base', mark: true }]);
  });

  it('marks a phrase whatever whitespace separates its words, but not a phrase split by other words', () => {
    const segments = buildExcerpt('Support for end  of\nlife care; the End of Life Strategy; end of the life of', [
      'end of life',
    ]);
    expect(marks(segments)).toEqual(['end of life', 'End of Life']);
    expect(join(segments)).toBe('Support for end of life care; the End of Life Strategy; end of the life of');
  });
});

describe('buildExcerpt and addresses', () => {
  it('never marks a word inside a web or email address, only the same word in the prose', () => {
    const text =
      'The education statistics are at https://explore-education-statistics.service.gov.uk/find-statistics/education and at www.education.gov.uk, or gov.uk/education-data; write to education.queries@education.gov.uk about education.';
    const segments = buildExcerpt(text, ['education']);
    expect(join(segments)).toBe(text); // nothing altered
    expect(marks(segments)).toEqual(['education', 'education']);
    expect(segments[0]).toEqual({ text: 'The ', mark: false });
    expect(segments.at(-2)).toEqual({ text: 'education', mark: true });
    for (const address of [
      'https://explore-education-statistics.service.gov.uk/find-statistics/education',
      'www.education.gov.uk,',
      'gov.uk/education-data;',
      'education.queries@education.gov.uk',
    ]) {
      expect(segments.some((s) => !s.mark && s.text.includes(address))).toBe(true);
    }
  });
});
