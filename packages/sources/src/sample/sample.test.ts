import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { apiQuestionSchema, unwrapRecord } from '../api-record';
import { normaliseQuestion, type NormalisedQuestion } from '../normalise';
import { loadSampleMembers, parseCsv } from './load-members';
import { loadSampleRecords } from './load-sample';
import { isListCutAnswer, parliamentQuestionUrl } from './mark-cut';
import { SAMPLE_DATA_DIR } from './sample-files';

const questions = loadSampleRecords().map((record) => normaliseQuestion(record));
const members = loadSampleMembers();
const named = new Set(members.map((m) => m.id));

/** The research folder the sample was copied from (outside the repository; checked when it is there). */
const SHARED_DATA_DIR = path.resolve(__dirname, '../../../../../shared/data/parliament');

/** Every question-shaped thing in a JSON file: list items, list responses, detail payloads, dataset rows. */
function recordsIn(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object') {
    const { results, items, value } = json as { results?: unknown; items?: unknown; value?: unknown };
    if (Array.isArray(results)) return results;
    if (Array.isArray(items)) return items;
    if (value) return [json];
  }
  return []; // e.g. the longform {id: {question_text, answer_text}} caches: texts, merged into their records
}

function acceptedIn(dir: string): Map<number, string> {
  const accepted = new Map<number, string>();
  for (const file of readdirSync(dir).filter((name) => /\.json(\.gz)?$/.test(name))) {
    const bytes = readFileSync(path.join(dir, file));
    for (const record of recordsIn(JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')))) {
      // What the normaliser accepts is what its schema accepts (it throws for nothing else); a Members API item,
      // say, is not a question the sample could serve.
      const parsed = apiQuestionSchema.safeParse(unwrapRecord(record));
      if (parsed.success) accepted.set(parsed.data.id, file);
    }
  }
  return accepted;
}

const share = (qs: NormalisedQuestion[], id: (q: NormalisedQuestion) => number | null) => {
  const withId = qs.filter((q) => id(q) !== null);
  return withId.filter((q) => named.has(id(q)!)).length / withId.length;
};

describe('the bundled sample', () => {
  it('holds every record of its data files that the normaliser accepts, one per id', () => {
    const ids = new Set(questions.map((q) => q.id));
    expect(ids.size).toBe(questions.length);
    const accepted = acceptedIn(SAMPLE_DATA_DIR);
    expect(accepted.size).toBeGreaterThan(11_000);
    expect([...accepted].filter(([id]) => !ids.has(id))).toEqual([]);
  });

  (existsSync(SHARED_DATA_DIR) ? it : it.skip)(
    'holds every record of the shared research folder that the normaliser accepts',
    () => {
      const ids = new Set(questions.map((q) => q.id));
      const accepted = acceptedIn(SHARED_DATA_DIR);
      expect(accepted.size).toBeGreaterThanOrEqual(9_184);
      expect([...accepted].filter(([id]) => !ids.has(id))).toEqual([]);
    },
  );

  it('names at least 92% of the askers and 82% of the answering ministers, record by record', () => {
    expect(members.length).toBeGreaterThanOrEqual(685);
    expect(share(questions, (q) => q.askingMemberId)).toBeGreaterThanOrEqual(0.92);
    expect(share(questions, (q) => q.answeringMemberId)).toBeGreaterThanOrEqual(0.82);
  });

  it('marks every text the list route cut, with a link to the full text on parliament.uk', () => {
    const cutAnswers = questions.filter((q) =>
      q.answerText?.endsWith('[text cut; read the full answer on parliament.uk]'),
    );
    expect(cutAnswers.length).toBeGreaterThan(5_000);
    const badAnswerNotes = cutAnswers.filter(
      (q) =>
        !q.answerHtml!.endsWith(
          `…</p><p><a href="${parliamentQuestionUrl(q.dateTabled, q.uin)}">[text cut; read the full answer on parliament.uk]</a></p>`,
        ),
    );
    expect(badAnswerNotes.map((q) => [q.id, q.answerHtml])).toEqual([]);
    // No answer ends as the list route cuts one ("..."), marked or not; no question stops mid-word at 255 characters.
    expect(questions.filter((q) => q.answerText?.endsWith('...') || isListCutAnswer(q.answerText))).toEqual([]);
    expect(
      questions.filter((q) => q.questionText.length === 255 && /[\p{L}\p{N},]$/u.test(q.questionText)).map((q) => q.id),
    ).toEqual([]);
    const cutQuestions = questions.filter((q) => q.questionText.includes('[text cut;'));
    expect(cutQuestions.length).toBeGreaterThanOrEqual(92); // the 2026-09 tabled questions cut at 255
    const badQuestionNotes = cutQuestions.filter(
      (q) =>
        !q.questionText.endsWith(
          `… [text cut; read the full question on parliament.uk: ${parliamentQuestionUrl(q.dateTabled, q.uin)}]`,
        ),
    );
    expect(badQuestionNotes.map((q) => [q.id, q.questionText])).toEqual([]);
  });

  it('keeps full texts where mySociety cached them (1725816, August 2024; 1679012, December 2023)', () => {
    const byId = new Map(questions.map((q) => [q.id, q]));
    expect(byId.get(1725816)!.answerHtml).toContain('land-use-in-england-2022');
    expect(byId.get(1679012)!.answerText).toMatch(/^The Archbishop of Canterbury issued a statement/);
    expect(byId.get(1679012)!.answerText!.length).toBeGreaterThan(1000);
    expect(byId.get(1679012)!.answerText).not.toContain('[text cut');
  });
});

describe('the bundled members', () => {
  it('knows every sitting MP with constituency, region and local authorities', () => {
    const hayes = members.find((m) => m.id === 5210);
    expect(hayes).toMatchObject({
      name: 'Tom Hayes',
      party: 'Labour',
      house: 'Commons',
      memberFrom: 'Bournemouth East',
      region: 'South West',
      localAuthorities: ['Bournemouth, Christchurch and Poole'],
    });
    expect(members.filter((m) => m.memberFrom && m.region).length).toBe(650);
  });

  it('keeps the Members API record where the sample has one (Alex Norris, 4641)', () => {
    expect(members.find((m) => m.id === 4641)).toMatchObject({
      name: 'Alex Norris',
      listAs: 'Norris, Alex',
      partyAbbreviation: 'Lab',
      memberFrom: 'Nottingham North and Kimberley',
    });
  });

  it('parses quoted CSV fields', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n1,2,3\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', '2', '3'],
    ]);
  });
});
