import { helpPage } from './help-page';

// The help page works out each example with the evaluator and the parser; these are the outcomes it must show, so a
// change to the language that would make the help wrong fails here.
describe('helpPage', () => {
  const page = helpPage().value;
  const says = (query: string, verdict: 'finds' | 'does not find') =>
    expect(page).toMatch(
      new RegExp(
        `<code>${query
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/"/g, '&quot;')
          .replace(/'/g, '&#39;')}</code> <strong>${verdict}</strong>`,
      ),
    );

  it('shows stemming, case, apostrophes and hyphens as alerts treat them', () => {
    says('school', 'finds');
    says('ENCRYPTION', 'finds');
    says("king's", 'finds');
    says('end-to-end', 'finds');
    says('counter-terror', 'does not find');
  });

  it('shows phrases as exact, ordered and unstemmed', () => {
    says('"operational security"', 'finds');
    says('"operation security"', 'does not find');
    says('"security operational"', 'does not find');
  });

  it('shows OR, lower-case or, minus, NOT with brackets, and grouping', () => {
    says('gaza OR israel', 'finds');
    says('gaza or israel', 'does not find');
    says('schools -academies', 'does not find');
    says('schools NOT (academies OR "free schools")', 'finds');
    says('(nhs OR hospital) dentistry', 'finds');
  });

  it('shows the member, department and House filters', () => {
    says('member:"Jeremy Corbyn"', 'finds');
    says('housing member:"Jeremy Corbyn"', 'does not find');
    says('department:"home office"', 'finds');
    says('department:Home', 'does not find');
    says('prisons house:lords', 'does not find');
  });

  it("gives the parser's own messages for queries it refuses, and the plain-English descriptions", () => {
    expect(page).toContain(
      '<code>-academies</code>: the query can match only by exclusion: add a word, phrase or filter that answers must contain.',
    );
    expect(page).toContain('<code>gaza - israel</code>: dangling operator');
    expect(page).toContain('<code>gaza &quot;two state</code>: unbalanced quote');
    expect(page).toContain('<code>house:scotland</code>: &quot;house:&quot; expects');
    expect(page).toContain('at most 500 characters long and hold at most 50 words, phrases and filters');
    expect(page).toContain(
      '<code>encryption department:&quot;Home Office&quot; -draft</code>: answers mentioning &quot;encryption&quot;, from the Home Office, excluding &quot;draft&quot;.',
    );
    expect(page).toContain(
      '<code>housing OR member:&quot;Jeremy Corbyn&quot;</code>: answers either (mentioning &quot;housing&quot;) or (asked or answered by Jeremy Corbyn).',
    );
    expect(page).not.toContain(': accepted.');
  });
});
