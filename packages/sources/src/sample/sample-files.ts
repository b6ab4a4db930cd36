import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The bundled real records (packages/sources/data, provenance in data/SOURCES.md). Contains Parliamentary
 * information licensed under the Open Parliament Licence v3.0.
 */
export const SAMPLE_DATA_DIR = path.join(__dirname, '..', '..', 'data');

/** The larger files are gzip copies (`gzip -9 -n`) of the shared research files, byte for byte once unzipped. */
export const SAMPLE_FILES = {
  /** 90 detail payloads `{value, links}` with full HTML answers (Jeremy Corbyn's questions, 2026). */
  corbynDetails: 'armpitpete-story-evidence-collector__wq-detail-payloads-corbyn-90.json',
  /** The same 90 questions from the Members API: used only for the answering members' names and parties. */
  corbynMembersIndex: 'armpitpete-story-evidence-collector__members-api-writtenquestions-index-items-corbyn-90.json',
  /** 2,989 list items (truncated texts), Commons, tabled December 2023. */
  commonsList2023_12: 'mysociety-uk-parl-written-questions__raw-commons-2023-12.json.gz',
  /** Full question and answer texts for 840 of them, keyed by id. */
  commonsLongform2023_12: 'mysociety-uk-parl-written-questions__longform-2023-12.json.gz',
  /** 2,707 list items, Commons, tabled July 2024. */
  commonsList2024_07: 'mysociety-uk-parl-written-questions__raw-commons-2024-07.json.gz',
  commonsLongform2024_07: 'mysociety-uk-parl-written-questions__longform-2024-07.json.gz',
  /** 1004 list items (truncated texts), Commons, tabled 27–30 Aug 2024. */
  commonsList: 'mysociety-uk-parl-written-questions__raw-commons-2024-08.json',
  /** Full question and answer texts for 223 of those list items, keyed by id. */
  commonsLongform: 'mysociety-uk-parl-written-questions__longform-2024-08.json',
  /** 2,185 list items, Commons, tabled September 2024. */
  commonsList2024_09: 'mysociety-uk-parl-written-questions__raw-commons-2024-09.json.gz',
  commonsLongform2024_09: 'mysociety-uk-parl-written-questions__longform-2024-09.json.gz',
  /** 299 list items, Commons, tabled 2026-09-02 and all still unanswered: the sample's tabled questions. */
  commonsTabled: 'mysociety-uk-parl-written-questions__raw-commons-2026-09-part.json',
  /** 1,890 Commons questions (Sept 2023 to July 2026) whose asker declared an interest, with the asker's name. */
  interests: 'mysociety-uk-parl-written-questions__written-questions-interests-0.1.0.json.gz',
  /** A detail payload and a 20-item list response (Commons, January 2024). */
  awsDetail: 'aws-samples-sample-parliamentary-question-responder__detail-1679416.json',
  awsList: 'aws-samples-sample-parliamentary-question-responder__list-response-20.json',
  /** A Members API search response (one member). */
  membersSearch: 'beatonma-snommoc__members-api-search-4514.json',
  /** Every sitting MP (June 2026): Members API id, name, party, constituency, region and local authorities. */
  currentMps: 'dfe-analytical-services-mp-lookup__current-mps-2026-06.csv.gz',
} as const;

export type SampleFile = keyof typeof SAMPLE_FILES;

export function samplePath(file: SampleFile): string {
  return path.join(SAMPLE_DATA_DIR, SAMPLE_FILES[file]);
}

/** A bundled file's text, unzipped when it is stored gzipped. */
export function readSampleText(file: SampleFile): string {
  const bytes = readFileSync(samplePath(file));
  return (SAMPLE_FILES[file].endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

export const readSampleJson = (file: SampleFile): unknown => JSON.parse(readSampleText(file));
