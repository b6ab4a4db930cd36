import {
  describeQuery,
  MAX_QUERY_LENGTH,
  MAX_QUERY_TERMS,
  matchesQuestion,
  validateQuery,
  type MatchableQuestion,
} from '@alerts/matching';
import { html } from './html';

/**
 * One example of a rule: a query, and a question described in words (`about`) with the fields that say so. Whether
 * the query finds it is not written here: the page asks the alert evaluator itself (matchesQuestion), so what the
 * help says is what alerts, search and /tabled do.
 */
interface Demo {
  /** The query as a visitor writes it. */
  query: string;
  /** The query as the evaluator reads it, where the web app first turns a member's name into their id. */
  parsed?: string;
  about: string;
  question: Partial<MatchableQuestion>;
}

interface Section {
  id: string;
  title: string;
  intro: string;
  demos: Demo[];
}

const answer = (text: string): Partial<MatchableQuestion> => ({ answerText: text });

/** Jeremy Corbyn's Members API id: member:"Jeremy Corbyn" is stored as member:185. */
const CORBYN = 185;

const SECTIONS: Section[] = [
  {
    id: 'words',
    title: 'Words',
    intro:
      'A word finds the words that share its stem (Porter2), in the heading, the question or the answer, whatever the case. Apostrophes are left out. A word joined by hyphens or other punctuation is a phrase of its parts, and a phrase is not stemmed.',
    demos: [
      {
        query: 'school',
        about: 'a heading "Schools: Mental Health Services"',
        question: { heading: 'Schools: Mental Health Services' },
      },
      {
        query: 'ENCRYPTION',
        about: 'an answer about "encrypted messaging"',
        question: answer('We support encrypted messaging.'),
      },
      {
        query: "king's",
        about: 'an answer about "the King’s Speech"',
        question: answer('As set out in the King’s Speech.'),
      },
      {
        query: 'end-to-end',
        about: 'an answer about "end to end encryption"',
        question: answer('Services using end to end encryption.'),
      },
      {
        query: 'counter-terror',
        about: 'an answer about "Counter-Terrorism Policing"',
        question: answer('Counter-Terrorism Policing leads this work.'),
      },
    ],
  },
  {
    id: 'phrases',
    title: 'Phrases',
    intro:
      'Words in double quotes must come together and in that order, exactly as written (not stemmed), within one part of the question: a phrase never runs from the heading into the question.',
    demos: [
      {
        query: '"operational security"',
        about: 'an answer withheld "for reasons of operational security"',
        question: answer('We do not comment, for reasons of operational security.'),
      },
      {
        query: '"operation security"',
        about: 'the same answer',
        question: answer('We do not comment, for reasons of operational security.'),
      },
      {
        query: '"security operational"',
        about: 'the same answer',
        question: answer('We do not comment, for reasons of operational security.'),
      },
    ],
  },
  {
    id: 'operators',
    title: 'OR, AND, NOT, minus and brackets',
    intro:
      'Words side by side must all be there (AND may be written or left out). OR, AND and NOT are operators only in capitals: in lower case they are words to find. A minus sign straight before a word, phrase or bracket leaves out what has it, like NOT. Brackets group; without them NOT binds tightest, then AND, then OR, so "a b OR c" means "(a b) OR c".',
    demos: [
      {
        query: 'gaza OR israel',
        about: 'an answer about aid to Israel',
        question: answer('Humanitarian aid to Israel.'),
      },
      {
        query: 'gaza or israel',
        about: 'the same answer (it has neither "gaza" nor "or")',
        question: answer('Humanitarian aid to Israel.'),
      },
      {
        query: 'schools -academies',
        about: 'an answer about "academies and schools"',
        question: answer('Funding for academies and schools.'),
      },
      {
        query: 'schools NOT (academies OR "free schools")',
        about: 'an answer about "schools and colleges"',
        question: answer('Funding for schools and colleges.'),
      },
      {
        query: '(nhs OR hospital) dentistry',
        about: 'an answer about "NHS dentistry"',
        question: answer('NHS dentistry waiting lists.'),
      },
    ],
  },
  {
    id: 'filters',
    title: 'Filters: member, department, House',
    intro:
      'member:"Name" (or speaker:"Name") finds questions asked or answered by that member: write the name as our member list has it (the sign-up form finds members by name, constituency or local authority, and a name that fits several members or none is refused with the nearest ones). department:"Name" finds answers from that department: the whole name, in any case. house:commons and house:lords keep to one House. A filter can be used alone or with words.',
    demos: [
      {
        query: 'member:"Jeremy Corbyn"',
        parsed: `member:${CORBYN}`,
        about: 'a question Jeremy Corbyn asked',
        question: { askingMemberId: CORBYN },
      },
      {
        query: 'housing member:"Jeremy Corbyn"',
        parsed: `housing member:${CORBYN}`,
        about: 'a question about schools he asked',
        question: { askingMemberId: CORBYN, questionText: 'To ask about schools.' },
      },
      {
        query: 'department:"home office"',
        about: 'an answer from the Home Office',
        question: { answeringBodyName: 'Home Office' },
      },
      {
        query: 'department:Home',
        about: 'the same answer (not the whole name)',
        question: { answeringBodyName: 'Home Office' },
      },
      {
        query: 'prisons house:lords',
        about: 'a Commons answer about prisons',
        question: { house: 'Commons', answerText: 'Prisons in England.' },
      },
    ],
  },
];

/** Queries the forms refuse, with the message each gets (the parser's own, worked out here, not copied). */
const REFUSED = [
  '-academies',
  'gaza OR -israel',
  'gaza - israel',
  'gaza "two state',
  '(gaza OR israel',
  'member:',
  'house:scotland',
];

/** Whole queries with the plain-English description every form and email gives them. */
const EXAMPLES: { query: string; parsed?: string }[] = [
  { query: 'encryption department:"Home Office" -draft' },
  { query: '(gaza OR israel) house:lords' },
  { query: '"end-to-end encryption" messaging' },
  { query: 'schools -(academies OR "free schools")' },
  { query: 'housing OR member:"Jeremy Corbyn"', parsed: `housing OR member:${CORBYN}` },
];

const memberName = (id: number) => (id === CORBYN ? 'Jeremy Corbyn' : undefined);
const blank: MatchableQuestion = {
  id: 1,
  heading: null,
  questionText: null,
  answerText: null,
  house: 'Commons',
  askingMemberId: null,
  answeringMemberId: null,
  answeringBodyName: null,
};

/** Whether the query finds the question, as alerts decide it. */
function demoFinds(demo: Demo): boolean {
  return matchesQuestion(demo.parsed ?? demo.query, { ...blank, ...demo.question });
}

/** The message the forms give for a refused query. */
function refusal(query: string): string {
  const checked = validateQuery(query);
  return checked.ok ? 'accepted' : checked.error.message;
}

/** `/help`: the alert query language, each rule shown by queries and what they find, worked out by the evaluator. */
export function helpPage() {
  return html`<h1>How to write a query</h1>
<p>Alerts, <a href="/search">search</a> and <a href="/tabled">questions waiting for an answer</a> all read the same query language in the same way: an alert matches new answers exactly as search matches the answers we already hold.</p>
<nav aria-label="On this page"><ul>${SECTIONS.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}<li><a href="#refused">Queries we cannot read</a></li><li><a href="#examples">Examples in plain English</a></li></ul></nav>
${SECTIONS.map(
  (section) => html`<section aria-labelledby="${section.id}">
<h2 id="${section.id}">${section.title}</h2>
<p>${section.intro}</p>
<ul class="demos">${section.demos.map((demo) => html`<li><code>${demo.query}</code> ${demoFinds(demo) ? html`<strong>finds</strong>` : html`<strong>does not find</strong>`} ${demo.about}.</li>`)}</ul>
</section>`,
)}
<section aria-labelledby="refused">
<h2 id="refused">Queries we cannot read</h2>
<p>A query must ask for something: a word, phrase or filter that the question has to contain (a query of exclusions alone would match nearly everything). It may be at most ${MAX_QUERY_LENGTH} characters long and hold at most ${MAX_QUERY_TERMS} words, phrases and filters. The form then says what is wrong and where:</p>
<ul class="demos">${REFUSED.map((query) => html`<li><code>${query}</code>: ${refusal(query)}.</li>`)}</ul>
</section>
<section aria-labelledby="examples">
<h2 id="examples">Examples in plain English</h2>
<p>Every alert is described in words on the sign-up form, the manage page and in its emails:</p>
<ul class="demos">${EXAMPLES.map((e) => html`<li><code>${e.query}</code>: ${describeQuery(e.parsed ?? e.query, { memberName })}.</li>`)}</ul>
</section>`;
}
