import { decodeEntities, htmlToText } from './html-to-text';
import { stem } from './stem';
import { tokenize, tokenizeSurface } from './tokenize';

describe('tokenize', () => {
  it('lowercases, deletes apostrophes and splits on anything but letters and digits', () => {
    expect(tokenize('Facebook’s end-to-end')).toEqual(['facebooks', 'end', 'to', 'end']);
    expect(tokenize("the King's Speech, 2024/25")).toEqual(['the', 'kings', 'speech', '2024', '25']);
    expect(tokenize('Ynys Môn & Zürich: €5m')).toEqual(['ynys', 'môn', 'zürich', '5m']);
    expect(tokenize(' -- ')).toEqual([]);
  });

  it('keeps the surface form of each run for highlighting', () => {
    expect(tokenizeSurface('Andrew Mountbatten-Windsor’s role')).toEqual([
      { text: 'Andrew', start: 0, end: 6, tokens: ['andrew'] },
      { text: 'Mountbatten', start: 7, end: 18, tokens: ['mountbatten'] },
      { text: 'Windsor’s', start: 19, end: 28, tokens: ['windsors'] },
      { text: 'role', start: 29, end: 33, tokens: ['role'] },
    ]);
    expect(tokenizeSurface('‘quoted’ x')).toEqual([
      { text: 'quoted', start: 1, end: 7, tokens: ['quoted'] },
      { text: 'x', start: 9, end: 10, tokens: ['x'] },
    ]);
  });
});

describe('stem', () => {
  it('gives Porter2 stems and leaves very long tokens alone', () => {
    expect(stem('encryption')).toBe('encrypt');
    expect(stem('encrypted')).toBe('encrypt');
    expect(stem('prosecutions')).toBe('prosecut');
    const long = 'x'.repeat(65);
    expect(stem(`${long}ing`)).toBe(`${long}ing`);
  });
});

describe('htmlToText', () => {
  it('turns tags into spaces and decodes entities after stripping', () => {
    expect(htmlToText('<td><p>Year</p></td><td><p>Provider</p></td>')).toMatch(/^\s*Year\s+Provider\s*$/);
    expect(htmlToText('<p>&quot;Nuclear War&quot; &amp; &lt;b&gt;</p>').trim()).toBe('"Nuclear War" & <b>');
    expect(htmlToText('a < b and no closing bracket')).toBe('a < b and no closing bracket');
  });

  it('decodes numeric and named entities, leaving unknown ones', () => {
    expect(decodeEntities('&#8217; &#x2019; &rsquo; &pound;5 &bogus; &#0;')).toBe('’ ’ ’ £5 &bogus; &#0;');
  });
});
