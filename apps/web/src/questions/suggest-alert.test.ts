import { validateQuery } from '@alerts/matching';
import { countCorpus } from './corpus-stats';
import { distinctiveTerms, suggestQueries, suggestQuery } from './suggest-alert';

describe('suggestQuery', () => {
  it.each([
    ['Schools: Mental Health Services', 'schools "Mental Health Services"'],
    ['Prisons: Drugs', 'prisons drugs'],
    ['Home Office: Departmental Responsibilities', '"Home Office"'],
    ['Covid-19: Vaccination', '"Covid-19" vaccination'],
    ['Trade: "Free" (Ports)', 'trade "Free Ports"'],
    ['AND: OR', 'and or'],
  ])('turns %j into %j, a valid query', (heading, query) => {
    expect(suggestQuery(heading)).toBe(query);
    expect(validateQuery(query).ok).toBe(true);
  });

  it('gives nothing for a missing heading', () => {
    expect(suggestQuery(null)).toBe('');
  });
});

describe('distinctiveTerms and suggestQueries', () => {
  const corpus = countCorpus([
    'Home Office: Departmental Responsibilities\nTo ask the Secretary of State for the Home Department, what steps she is taking on knife crime.',
    'Home Office: Departmental Responsibilities\nTo ask the Secretary of State for the Home Department, what her policy is on visas.',
    'Police: Finance\nTo ask the Secretary of State for the Home Department, how much funding police forces will receive.',
    'Schools: Mental Health Services\nTo ask the Secretary of State for Education, what steps she is taking to improve mental health support in schools.',
    'NHS: Mental Health\nTo ask the Secretary of State for Health, how many people are waiting for mental health treatment.',
    ...Array.from(
      { length: 20 },
      (_, i) => `Filler ${i}: Topic\nTo ask the Secretary of State for Transport, about road number ${i}.`,
    ),
  ]);
  const question = {
    heading: 'Home Office: Departmental Responsibilities',
    questionText:
      'To ask the Secretary of State for the Home Department, whether there is an operation within her Department named ‘Operation Mosswood’.',
    answeringBodyName: 'Home Office',
  };

  it('prefers a quoted name and rare words to the department', () => {
    const terms = distinctiveTerms(question, corpus).map((t) => t.text);
    expect(terms[0]).toBe('"operation mosswood"');
    expect(terms).not.toContain('home');
    expect(terms).not.toContain('"home office"');
  });

  it('keeps common phrases that the corpus knows together', () => {
    const terms = distinctiveTerms(
      {
        heading: 'Schools: Mental Health Services',
        questionText:
          'To ask the Secretary of State for Education, what steps she is taking to improve mental health support in schools.',
      },
      corpus,
    );
    expect(terms.map((t) => t.text)).toContain('"mental health"');
  });

  it('offers valid queries, most specific first, never just the generic heading', () => {
    const queries = suggestQueries(question, corpus);
    expect(queries.length).toBeGreaterThanOrEqual(2);
    expect(queries[0]).toContain('"operation mosswood"');
    for (const query of queries) expect(validateQuery(query).ok).toBe(true);
    expect(queries).not.toContain('"Home Office"');
  });
});
