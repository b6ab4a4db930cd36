import { validateQuery } from '@alerts/matching';
import { suggestQuery } from './suggest-alert';

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
