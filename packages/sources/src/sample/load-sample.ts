import { readFileSync } from 'node:fs';
import { fromMembersApi, type MemberInfo } from '../members/member-info';
import { samplePath, type SAMPLE_FILES } from './sample-files';

type Item = { value: Record<string, unknown>; links?: unknown };

const readJson = (file: keyof typeof SAMPLE_FILES): unknown => JSON.parse(readFileSync(samplePath(file), 'utf8'));

/**
 * Every bundled question record, one per id, best version first: detail payloads (full HTML), then list items
 * whose full text mySociety cached (merged in), then the remaining list items with their truncated previews, then
 * the tabled questions still waiting for an answer.
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
  for (const item of readJson('corbynDetails') as Item[]) add(item);
  add(readJson('awsDetail') as Item);
  const longform = readJson('commonsLongform') as Record<string, { question_text?: string; answer_text?: string }>;
  for (const item of readJson('commonsList') as Item[]) {
    const full = longform[String(item.value?.id)];
    add(full ? { ...item, value: { ...item.value, questionText: full.question_text ?? item.value.questionText, answerText: full.answer_text ?? item.value.answerText } } : item);
  }
  for (const item of (readJson('awsList') as { results: Item[] }).results) add(item);
  // Tabled, unanswered list items: their question text is the list's preview (cut at 255 characters when longer).
  for (const item of readJson('commonsTabled') as Item[]) add(item);
  return [...byId.values()];
}

const CORBYN: MemberInfo = { id: 185, name: 'Jeremy Corbyn', listAs: 'Corbyn, Jeremy', party: null, partyAbbreviation: null, partyColour: null, house: 'Commons', memberFrom: null, thumbnailUrl: null };

/** Members whose names and parties the bundled Members API responses give. */
export function loadSampleMembers(): MemberInfo[] {
  const members = new Map<number, MemberInfo>();
  for (const item of readJson('corbynMembersIndex') as Item[]) {
    const info = fromMembersApi(item.value?.answeringMember as never);
    if (info) members.set(info.id, info);
  }
  for (const item of (readJson('membersSearch') as { items: Item[] }).items) {
    const info = fromMembersApi(item.value as never);
    if (info) members.set(info.id, info);
  }
  // The Corbyn files come from GET /api/Members/185/WrittenQuestions, saved under "complete-mp-reports/jeremy-corbyn"
  // (SOURCES.md): the member's name is known from where the data came from; no party is claimed.
  if (!members.has(CORBYN.id)) members.set(CORBYN.id, CORBYN);
  return [...members.values()];
}
