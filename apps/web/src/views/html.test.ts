import { escapeHtml, html, raw } from './html';

describe('html', () => {
  it('escapes interpolated text, including quotes for attributes', () => {
    expect(html`<a title="${'"><script>'}">${"<b>Tom & 'Jerry'</b>"}</a>`.value).toBe(
      '<a title="&quot;&gt;&lt;script&gt;">&lt;b&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;</a>',
    );
  });

  it('nests html results and raw markup unescaped; skips null, undefined and false', () => {
    const inner = html`<b>${'x<y'}</b>`;
    expect(html`<p>${inner}${raw('<i>ok</i>')}${null}${undefined}${false}${[html`<br>`, 'a&b']}${0}</p>`.value).toBe(
      '<p><b>x&lt;y</b><i>ok</i><br>a&amp;b0</p>',
    );
  });

  it('escapeHtml leaves plain text alone', () => {
    expect(escapeHtml('plain text 123')).toBe('plain text 123');
  });
});
