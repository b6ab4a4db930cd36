import { loadDetailRecords, loadRawCommonsItems } from '../test/real-records';
import { fromApiRecord } from './matchable-question';

describe('fromApiRecord', () => {
  it('reads a {value, links} item and a bare value alike', () => {
    const item = loadRawCommonsItems()[0] as { value: unknown };
    expect(fromApiRecord(item)).toEqual(fromApiRecord(item.value));
    expect(fromApiRecord(item)).toEqual({
      id: 1725947,
      heading: 'Schools: Finance',
      questionText: expect.stringMatching(/^To ask the Secretary of State for Education, what the average funding/),
      answerText: expect.stringMatching(/^The table below sets out funding statistics/),
      house: 'Commons',
      askingMemberId: 5031,
      answeringMemberId: 4125,
      answeringBodyName: 'Department for Education',
    });
  });

  it('keeps the HTML of detail answers for the matcher to strip', () => {
    expect(loadDetailRecords()[0]?.answerText).toMatch(/^<p>For reasons of operational security/);
  });

  it('turns missing or mistyped fields into null, and reads the Members API numeric house', () => {
    expect(fromApiRecord({ id: 7, heading: 3, answerText: null, house: 2, askingMemberId: '185' })).toEqual({
      id: 7,
      heading: null,
      questionText: null,
      answerText: null,
      house: 'Lords',
      askingMemberId: null,
      answeringMemberId: null,
      answeringBodyName: null,
    });
  });

  it('rejects records without an integer id', () => {
    expect(() => fromApiRecord({ value: { id: 'x' } })).toThrow('record has no integer id');
    expect(() => fromApiRecord(null)).toThrow('record is not an object');
  });
});
