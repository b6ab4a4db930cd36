import path from 'node:path';

/**
 * The bundled real records (packages/sources/data, provenance in data/SOURCES.md). Contains Parliamentary
 * information licensed under the Open Parliament Licence v3.0.
 */
export const SAMPLE_DATA_DIR = path.join(__dirname, '..', '..', 'data');

export const SAMPLE_FILES = {
  /** 90 detail payloads `{value, links}` with full HTML answers (Jeremy Corbyn's questions, 2026). */
  corbynDetails: 'armpitpete-story-evidence-collector__wq-detail-payloads-corbyn-90.json',
  /** The same 90 questions from the Members API: used only for the answering members' names and parties. */
  corbynMembersIndex: 'armpitpete-story-evidence-collector__members-api-writtenquestions-index-items-corbyn-90.json',
  /** 1004 list items (truncated texts), Commons, tabled 27–30 Aug 2024. */
  commonsList: 'mysociety-uk-parl-written-questions__raw-commons-2024-08.json',
  /** Full question and answer texts for 223 of those list items, keyed by id. */
  commonsLongform: 'mysociety-uk-parl-written-questions__longform-2024-08.json',
  /** 299 list items, Commons, tabled 2026-09-02 and all still unanswered: the sample's tabled questions. */
  commonsTabled: 'mysociety-uk-parl-written-questions__raw-commons-2026-09-part.json',
  /** A detail payload and a 20-item list response (Commons, January 2024). */
  awsDetail: 'aws-samples-sample-parliamentary-question-responder__detail-1679416.json',
  awsList: 'aws-samples-sample-parliamentary-question-responder__list-response-20.json',
  /** A Members API search response (one member). */
  membersSearch: 'beatonma-snommoc__members-api-search-4514.json',
} as const;

export function samplePath(file: keyof typeof SAMPLE_FILES): string {
  return path.join(SAMPLE_DATA_DIR, SAMPLE_FILES[file]);
}
