import { isListCutAnswer, isListCutQuestion, markCutAnswer, markCutQuestion, parliamentQuestionUrl } from './mark-cut';
import { readSampleJson, type SampleFile } from './sample-files';

type Item = { value: Record<string, unknown>; links?: unknown };
type Longform = Record<string, { question_text?: string | null; answer_text?: string | null }>;

/** Each month of list items with the full texts mySociety cached for some of them. */
const MONTHS: [list: SampleFile, longform: SampleFile][] = [
  ['commonsList2023_12', 'commonsLongform2023_12'],
  ['commonsList2024_07', 'commonsLongform2024_07'],
  ['commonsList', 'commonsLongform'],
  ['commonsList2024_09', 'commonsLongform2024_09'],
];

/** Columns the interests dataset adds to the API's list item (the asker's name and TheyWorkForYou id, the page). */
const INTEREST_COLUMNS = ['twfy_id', 'person_name', 'url'];

/**
 * Every bundled question record, one per id, best version first: detail payloads (full HTML), then each month's
 * list items with mySociety's full texts merged in, then the questions of the interests dataset (Sept 2023 to July
 * 2026), then the aws-samples list, then the tabled questions still waiting for an answer. Every text still cut
 * short (the list route's previews) ends with a note that says so and links to the full text on parliament.uk.
 */
export function loadSampleRecords(): Item[] {
  // The files never change while a process runs; parse them once. Callers get their own array.
  cached ??= readSampleRecords();
  return [...cached];
}

let cached: Item[] | undefined;

function readSampleRecords(): Item[] {
  const byId = new Map<unknown, Item>();
  const add = (item: Item) => {
    if (!byId.has(item.value?.id)) byId.set(item.value?.id, item);
  };
  for (const item of readSampleJson('corbynDetails') as Item[]) add(item);
  add(readSampleJson('awsDetail') as Item);
  for (const [list, longform] of MONTHS) {
    const full = readSampleJson(longform) as Longform;
    for (const item of readSampleJson(list) as Item[]) add(withFullTexts(item, full[String(item.value?.id)]));
  }
  for (const row of readSampleJson('interests') as Record<string, unknown>[]) {
    const value = Object.fromEntries(Object.entries(row).filter(([key]) => !INTEREST_COLUMNS.includes(key)));
    // The dataset holds full question texts (many are longer than 255), but its answers are the list's previews.
    add(markCut({ value }, { question: false, answer: true }));
  }
  for (const item of (readSampleJson('awsList') as { results: Item[] }).results) add(markCut(item));
  // Tabled, unanswered list items: their question text is the list's preview (cut at 255 characters when longer).
  for (const item of readSampleJson('commonsTabled') as Item[]) add(markCut(item));
  return [...byId.values()];
}

/** A list item with the full texts mySociety cached, where it has them; what is still a preview is marked cut. */
function withFullTexts(item: Item, full: Longform[string] | undefined): Item {
  if (!full) return markCut(item);
  const value = {
    ...item.value,
    questionText: full.question_text || item.value.questionText,
    answerText: full.answer_text || item.value.answerText,
  };
  return markCut({ ...item, value }, { question: !full.question_text, answer: !full.answer_text });
}

/** Mark the list route's cut texts as cut (see mark-cut.ts). */
function markCut(item: Item, check = { question: true, answer: true }): Item {
  const { value } = item;
  const cutAnswer = check.answer && isListCutAnswer(value.answerText);
  const cutQuestion = check.question && isListCutQuestion(value.questionText);
  if (!cutAnswer && !cutQuestion) return item;
  const url = parliamentQuestionUrl(String(value.dateTabled), String(value.uin));
  return {
    ...item,
    value: {
      ...value,
      ...(cutAnswer ? { answerText: markCutAnswer(value.answerText as string, url) } : {}),
      ...(cutQuestion ? { questionText: markCutQuestion(value.questionText as string, url) } : {}),
    },
  };
}
