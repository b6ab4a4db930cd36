import { loadSampleRecords } from './sample/load-sample';
import { BadRecordError, normaliseQuestion } from './normalise';
import { htmlToText, sanitiseAnswerHtml, unwrapLink } from './sanitise-html';

const records = loadSampleRecords();
const record = (id: number) => {
  const found = records.find((r) => r.value.id === id);
  if (!found) throw new Error(`no sample record ${id}`);
  return found;
};

describe('normaliseQuestion on real records', () => {
  it('normalises every bundled record without a bad one', () => {
    const states = new Map<string, number>();
    for (const r of records) {
      const q = normaliseQuestion(r);
      states.set(q.state, (states.get(q.state) ?? 0) + 1);
    }
    expect(records.length).toBeGreaterThan(11_000);
    expect(states.get('ANSWERED')).toBeGreaterThan(10_000);
    expect(states.get('HOLDING')).toBe(1);
    // One of Corbyn's, the 2026-09 tabled list, two of the monthly lists and 63 of the interests dataset.
    expect(states.get('UNANSWERED')).toBe(1 + 299 + 2 + 63);
  });

  it('maps a detail payload field by field (1922919, Home Office)', () => {
    const q = normaliseQuestion(record(1922919));
    expect(q).toMatchObject({
      id: 1922919,
      uin: '14770',
      house: 'Commons',
      heading: 'Home Office: Departmental Responsibilities',
      state: 'ANSWERED',
      dateTabled: '2026-07-01',
      dateForAnswer: '2026-07-08',
      dateAnswered: '2026-07-09',
      askingMemberId: 185,
      answeringMemberId: 4641,
      answeringBodyId: 1,
      answeringBodyName: 'Home Office',
      isNamedDay: true,
    });
    expect(q.answerHtml).toMatch(/^<p>For reasons of operational security/);
    expect(q.answerText).toMatch(/^For reasons of operational security, the Home Office does not comment/);
    expect(q.answerText).not.toContain('<');
  });

  it('knows a current holding answer (1919120) from a substantive answer that followed one (1898665)', () => {
    const holding = normaliseQuestion(record(1919120));
    expect(holding).toMatchObject({ state: 'HOLDING', isHolding: true });
    const final = normaliseQuestion(record(1898665));
    expect(final).toMatchObject({ state: 'ANSWERED', isHolding: false });
    expect(final.dateHoldingAnswer).not.toBeNull();
    expect(final.dateAnswered! > final.dateHoldingAnswer!).toBe(true);
  });

  it('marks a correction (1725947: answered 2024-09-09, corrected 2024-11-26)', () => {
    expect(normaliseQuestion(record(1725947))).toMatchObject({
      state: 'CORRECTED',
      isCorrection: true,
      dateAnswered: '2024-09-09',
      dateAnswerCorrected: '2024-11-26',
    });
  });

  it('keeps grouped partners with their own tabled dates (1725797 ↔ 2978)', () => {
    const q = normaliseQuestion(record(1725797));
    expect(q.groupedUins).toEqual(['2978']);
    expect(q.groupedQuestions).toEqual([{ uin: '2978', dateTabled: expect.stringMatching(/^2024-08-\d\d$/) }]);
  });

  it('unwraps Outlook safelinks in real answers and keeps tables', () => {
    const safelinked = records.filter((r) => /safelinks\.protection\.outlook\.com/.test(String(r.value.answerText)));
    expect(safelinked.length).toBeGreaterThan(0);
    for (const r of safelinked) expect(normaliseQuestion(r).answerHtml).not.toMatch(/safelinks/);
    expect(normaliseQuestion(record(1725816)).answerHtml).toContain(
      'href="https://www.gov.uk/government/statistics/land-use-in-england-2022"',
    );
    const tabled = normaliseQuestion(record(1745793));
    expect(tabled.answerHtml).toMatch(/<table><tbody><tr><td><p>Year<\/p><\/td>/);
    expect(tabled.answerText).toContain(
      'Year | Provider | Fine\n2020 | Plymouth Hospitals NHS Foundation Trust | £1,600',
    );
  });

  it('withdrawn questions are stored as WITHDRAWN, whatever else they say', () => {
    const withdrawn = { ...record(1922919), value: { ...record(1922919).value, isWithdrawn: true } };
    expect(normaliseQuestion(withdrawn).state).toBe('WITHDRAWN');
  });

  it.each([
    ['missing id', { id: undefined }, /record \(no id\)|uin 14770.*id/],
    ['malformed date', { dateTabled: '01/07/2026' }, /record 1922919: dateTabled: expected a date/],
    [
      'impossible date',
      { dateAnswered: '2026-02-30T00:00:00' },
      /record 1922919: dateAnswered: not a real calendar date/,
    ],
    ['wrong type', { askingMemberId: '185' }, /record 1922919: askingMemberId/],
    ['unknown house', { house: 3 }, /record 1922919: house/],
  ])('rejects a record with %s as a BadRecordError naming it', (_name, patch, message) => {
    const bad = { value: { ...record(1922919).value, ...patch } };
    expect(() => normaliseQuestion(bad)).toThrow(BadRecordError);
    expect(() => normaliseQuestion(bad)).toThrow(message);
  });

  it('rejects things that are not records at all', () => {
    for (const junk of [null, 42, 'text', [], { value: null }])
      expect(() => normaliseQuestion(junk)).toThrow(BadRecordError);
  });

  it('gives the same content hash for the same content and a different one when the answer changes', () => {
    const a = normaliseQuestion(record(1922919));
    expect(normaliseQuestion(record(1922919)).contentHash).toBe(a.contentHash);
    const changed = normaliseQuestion({ value: { ...record(1922919).value, answerText: '<p>Corrected text.</p>' } });
    expect(changed.contentHash).not.toBe(a.contentHash);
  });
});

describe('sanitiseAnswerHtml', () => {
  it('gives a shortened plain-text answer its paragraph spaces back', () => {
    const text = htmlToText(
      sanitiseAnswerHtml('to help tackle these crimes.The National Wildlife Crime Unit costs 3.5m in the U.K. now...'),
    );
    expect(text).toBe('to help tackle these crimes. The National Wildlife Crime Unit costs 3.5m in the U.K. now...');
  });

  it('drops scripts, styles, event handlers and javascript: links but keeps structure', () => {
    const html = sanitiseAnswerHtml(
      '<p onclick="steal()">Hello <strong>world</strong><script>alert(1)</script><style>p{color:red}</style></p>' +
        '<ul><li>one</li></ul><a href="javascript:alert(1)">bad</a><a href="https://gov.uk" target="_blank" onmouseover="x">good</a><img src=x onerror=alert(1)>',
    );
    expect(html).toBe(
      '<p>Hello <strong>world</strong></p><ul><li>one</li></ul><a>bad</a><a href="https://gov.uk">good</a>',
    );
  });

  it('wraps plain list-route previews in a paragraph, escaping them', () => {
    expect(sanitiseAnswerHtml('Costs < £5 & falling...')).toBe('<p>Costs &lt; £5 &amp; falling...</p>');
  });

  it('unwraps nested safelinks and Office viewer links to the real address', () => {
    const real = 'https://assets.publishing.service.gov.uk/media/x.xlsx';
    const viewer = `https://view.officeapps.live.com/op/view.aspx?src=${encodeURIComponent(real)}&wdOrigin=BROWSELINK`;
    expect(
      unwrapLink(`https://eur02.safelinks.protection.outlook.com/?url=${encodeURIComponent(viewer)}&data=abc`),
    ).toBe(real);
    expect(unwrapLink('not a url')).toBe('not a url');
  });

  it('turns HTML into readable text', () => {
    expect(htmlToText('<p>A&amp;B&nbsp;&quot;C&quot;</p><p>Next <em>line</em></p>')).toBe('A&B "C"\nNext line');
  });
});
