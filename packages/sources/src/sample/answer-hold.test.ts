import { normaliseQuestion } from '../normalise';
import { createAnswerHold, holdableAnswerIds } from './answer-hold';
import { beforeAnswer } from './before-answer';
import { loadSampleRecords } from './load-sample';
import { createSampleSource } from './sample-source';

const records = loadSampleRecords();
const recordOf = (id: number) => records.find((r) => r.value.id === id)!;

async function served(source: ReturnType<typeof createSampleSource>, id: number) {
  for await (const item of source.fetch({})) {
    if (item.kind === 'record' && (item.record as { value: { id: number } }).value.id === id)
      return normaliseQuestion(item.record);
  }
  throw new Error(`sample served no record ${id}`);
}

describe('holding back sample answers (demo mode)', () => {
  it('picks the newest answered questions with a full answer, the same ones every time', () => {
    const ids = holdableAnswerIds(5);
    expect(ids).toHaveLength(5);
    expect(holdableAnswerIds(5)).toEqual(ids);
    for (const id of ids) expect(normaliseQuestion(recordOf(id) as never).state).toBe('ANSWERED');
  });

  it("gives a record the shape of the API's tabled list items: same fields, every answer field empty", () => {
    const tabled = records.find((r) => r.value.dateTabled === '2026-09-02T00:00:00')!;
    const before = beforeAnswer(recordOf(holdableAnswerIds(1)[0]!));
    expect(Object.keys(before.value).sort()).toEqual(Object.keys(tabled.value).sort());
    for (const field of ['answerText', 'dateAnswered', 'answeringMemberId', 'answerIsHolding', 'heading']) {
      expect([field, before.value[field]]).toEqual([field, tabled.value[field]]);
    }
  });

  it('serves a held question unanswered with its own question, and the real answer once released', async () => {
    const id = holdableAnswerIds(1)[0]!;
    const real = normaliseQuestion(recordOf(id));
    const hold = createAnswerHold([id]);
    const source = createSampleSource({ hold });

    const held = await served(source, id);
    expect(held).toMatchObject({ state: 'UNANSWERED', answerText: null, dateAnswered: null, heading: null });
    expect(held).toMatchObject({
      questionText: real.questionText,
      dateTabled: real.dateTabled,
      dateForAnswer: real.dateForAnswer,
      uin: real.uin,
    });

    hold.release(id);
    expect(hold.held()).toEqual([]);
    const released = await served(source, id);
    expect(released.state).toBe('ANSWERED');
    expect(released.contentHash).toBe(real.contentHash);
  });
});
