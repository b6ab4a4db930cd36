import { loadSampleRecords } from '../sample/load-sample';

type Item = { value: Record<string, unknown>; links?: unknown };

/**
 * One real tabled, unanswered question of the bundled sample (2026-09) and the states it can move through, for
 * tests of following. The later states are built from it with real texts of the sample: the holding boilerplate of
 * 1919120 and the answer of 1922919, as the API shows such records (see API.md §5.1, §5.2). Nothing here is a real
 * record of that question's future; it is the shape the API gives each state.
 */
export function questionLifecycle(id = 1937695) {
  const records = loadSampleRecords();
  const find = (wanted: number): Item => {
    const found = records.find((r) => r.value.id === wanted);
    if (!found) throw new Error(`no sample record ${wanted}`);
    return found;
  };
  const tabled = find(id);
  if (tabled.value.dateAnswered !== null) throw new Error(`sample record ${id} is not unanswered`);
  const holdingText = String(find(1919120).value.answerText);
  const answerText = String(find(1922919).value.answerText);
  const withValue = (patch: Record<string, unknown>): Item => ({
    value: { ...tabled.value, ...patch },
    links: tabled.links,
  });
  return {
    tabled,
    holding: (date: string) =>
      withValue({
        answerIsHolding: true,
        answerIsCorrection: false,
        dateAnswered: `${date}T00:00:00`,
        dateHoldingAnswer: `${date}T00:00:00`,
        answerText: holdingText,
        answeringMemberId: 4603,
      }),
    answered: (holdingDate: string | null, date: string) =>
      withValue({
        answerIsHolding: false,
        answerIsCorrection: false,
        dateAnswered: `${date}T00:00:00`,
        dateHoldingAnswer: holdingDate ? `${holdingDate}T00:00:00` : null,
        answerText,
        answeringMemberId: 4603,
      }),
    corrected: (holdingDate: string | null, answeredDate: string, date: string) =>
      withValue({
        answerIsHolding: false,
        answerIsCorrection: true,
        dateAnswered: `${answeredDate}T00:00:00`,
        dateHoldingAnswer: holdingDate ? `${holdingDate}T00:00:00` : null,
        dateAnswerCorrected: `${date}T00:00:00`,
        correctingMemberId: 4603,
        answerText: `${answerText}<p>(Corrected.)</p>`,
        answeringMemberId: 4603,
      }),
    withdrawn: () => withValue({ isWithdrawn: true }),
  };
}
