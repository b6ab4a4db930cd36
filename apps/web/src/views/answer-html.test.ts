import { answerHtml } from './answer-html';

describe('answerHtml', () => {
  it('puts each table in its own named, focusable scroll box, and leaves the rest alone', () => {
    const out = answerHtml(
      '<p>Figures:</p><table><tbody><tr><td>a</td></tr></tbody></table><p>and</p><table><tr><td>b</td></tr></table>',
    ).value;
    expect(out).toBe(
      '<p>Figures:</p><div class="table-scroll" role="region" tabindex="0" aria-label="Table 1 of the answer (scrolls sideways)"><table><tbody><tr><td>a</td></tr></tbody></table></div>' +
        '<p>and</p><div class="table-scroll" role="region" tabindex="0" aria-label="Table 2 of the answer (scrolls sideways)"><table><tr><td>b</td></tr></table></div>',
    );
    expect(answerHtml('<p>No table.</p>').value).toBe('<p>No table.</p>');
  });

  it('marks the cells that hold a figure, so it stays on one line; words are not marked', () => {
    const cells = [
      '1,234,567',
      '£12.5m',
      '&pound;1,200',
      '-3.2%',
      '2019-20',
      '&lt;5',
      '(42)',
      '12&nbsp;345',
      '<p>7,001</p>',
      '3 bn',
    ];
    for (const cell of cells)
      expect(answerHtml(`<table><tr><td>${cell}</td></tr></table>`).value).toContain(`<td class="num">${cell}</td>`);
    for (const cell of ['North East', 'Not available', '5 schools', '', '-'])
      expect(answerHtml(`<table><tr><td>${cell}</td></tr></table>`).value).toContain(`<td>${cell}</td>`);
    expect(answerHtml('<table><tr><th scope="row" colspan="2">2,000</th></tr></table>').value).toContain(
      '<th scope="row" colspan="2" class="num">2,000</th>',
    );
    // A cell holding a nested table (rare) is never taken for a figure; each table still gets its box.
    const nested = answerHtml('<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>').value;
    expect(nested).not.toContain('class="num"');
    expect(nested.match(/<div class="table-scroll"/g)).toHaveLength(2);
    expect(nested.match(/<\/table><\/div>/g)).toHaveLength(2);
  });
});
