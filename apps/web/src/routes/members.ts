import type { Member } from '@alerts/db';
import { writeMemberNames } from '@alerts/composition';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { notFound } from '../http-error';
import { sendPage } from '../http/send-page';
import { parseQuestionId } from '../questions/parse-id';
import { MEMBER_SEARCH_MAX, searchMembers, sortName, type MemberMatch } from '../questions/search-members';
import { html } from '../views/html';
import { withoutCutNote } from '@alerts/matching';
import { parliamentMemberUrl } from '../views/member-name';
import { memberFinder } from '../views/member-finder';
import { questionList, type ListedQuestion } from '../views/question-list';

const LISTED = {
  id: true,
  heading: true,
  uin: true,
  house: true,
  answeringBodyName: true,
  dateAnswered: true,
  dateTabled: true,
  isHolding: true,
  state: true,
  questionText: true,
} as const;
/** Questions shown per list on a member's page; the rest are a search away. */
const SHOWN = 20;

const searchText = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, MEMBER_SEARCH_MAX) : '');

/** "Labour · Aldershot (South East)", or "Labour · House of Lords" for a member with no constituency. */
const memberDetail = (member: Pick<Member, 'party' | 'house' | 'memberFrom' | 'region'>) =>
  [
    member.party,
    member.memberFrom
      ? `${member.memberFrom}${member.region ? ` (${member.region})` : ''}`
      : member.house && `House of ${member.house}`,
  ]
    .filter(Boolean)
    .join(' · ');

/** The alert query for each member: by name where that name is theirs alone (it reads better), else by id. */
async function memberFilters(deps: AppDeps, ids: readonly number[]): Promise<Map<number, string>> {
  const filters = await writeMemberNames(
    deps.db,
    ids.map((id) => `member:${id}`),
  );
  return new Map(ids.map((id, i) => [id, filters[i]!]));
}

/** "Email me when …" leads to the sign-up form with the member's query and "also when asked" ticked. */
const alertHref = (filter: string) => `/alerts/new?q=${encodeURIComponent(filter)}&tabled=yes`;

/** A question not yet answered has no heading (the department gives it with the answer): show its words instead. */
const withText = (
  questions: readonly ({ heading: string | null; questionText: string } & Omit<ListedQuestion, 'snippet'>)[],
) =>
  questions.map(({ questionText, ...q }) => {
    const text = withoutCutNote(questionText);
    return q.heading ? q : { ...q, snippet: html`${text.length > 200 ? `${text.slice(0, 200)}…` : text}` };
  });

const questions = (n: number) => `${n} ${n === 1 ? 'question' : 'questions'}`;
/** "96 questions asked", "12 questions answered", "3 questions asked and 40 answered", "no questions asked or answered". */
const held = (asked: number, answered: number) =>
  asked && answered
    ? `${questions(asked)} asked and ${answered} answered`
    : asked
      ? `${questions(asked)} asked`
      : answered
        ? `${questions(answered)} answered`
        : 'no questions asked or answered';

const memberItems = (members: readonly MemberMatch[]) =>
  html`<ul class="results members">${members.map((m) => html`<li><a href="/members/${m.id}">${m.name}</a><br><span class="meta">${memberDetail(m)}${matchNote(m)}</span></li>`)}</ul>`;

/** The letter a member is listed under: the first of their name without titles ("Dr Caroline Johnson" under C). */
const letterOf = (m: MemberMatch) => sortName(m.name).charAt(0).toLocaleUpperCase('en-GB');

/**
 * The whole list, under a heading per letter with an index to jump to each: 685 names in one run were 48,000 pixels
 * of scrolling on a phone.
 */
function byLetter(members: readonly MemberMatch[]) {
  const groups = new Map<string, MemberMatch[]>();
  for (const m of members) {
    const group = groups.get(letterOf(m));
    if (group) group.push(m);
    else groups.set(letterOf(m), [m]);
  }
  const anchor = (letter: string) => `letter-${encodeURIComponent(letter)}`;
  return html`<nav aria-label="Members by first letter"><ul class="letters">${[...groups.keys()].map((letter) => html`<li><a href="#${anchor(letter)}">${letter}</a></li>`)}</ul></nav>
${[...groups].map(([letter, group]) => html`<h2 id="${anchor(letter)}">${letter}</h2>${memberItems(group)}`)}`;
}

const matchNote = (m: MemberMatch) => (m.matchedAuthority ? html` · constituency in ${m.matchedAuthority}` : '');

/**
 * `/members`: every member we know, or those whose name, constituency or local authority contains `?q=`, with a
 * typeahead; `/members/:id`: one member's questions asked and answered, newest first, and the alert on them;
 * `/api/members?q=` feeds the typeaheads (here and on the sign-up form).
 */
export function registerMemberRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { q?: string } }>('/members', async (request, reply) => {
    const q = searchText(request.query.q);
    const members = await searchMembers(deps.db, q, 1000);
    return sendPage(reply, {
      title: q ? `Members matching “${q}”` : 'Members',
      body: html`<h1>Members</h1>
<p>The members of Parliament whose names we hold: every sitting MP, and members who asked or answered the questions we hold. Choose one to see their questions and answers, and to get an email whenever they ask or answer one.</p>
<form method="get" action="/members" role="search" class="member-search">
${memberFinder({ id: 'member-q', name: 'q', value: q, label: 'Find a member by name, constituency or local authority', mode: 'link', listId: 'member-suggestions' })}
<button type="submit">Find</button></form>
${q ? html`<p class="found">${members.length} ${members.length === 1 ? 'member matches' : 'members match'} “${q}”.</p>` : html`<p class="found">${members.length} members.</p>`}
${
  members.length
    ? q
      ? memberItems(members)
      : byLetter(members)
    : html`<p>No member’s name, constituency or local authority contains “${q}”. Try part of a name (“Corbyn”), a constituency (“Islington North”) or a council (“Rushmoor”).</p>`
}`,
    });
  });

  app.get<{ Querystring: { q?: string } }>('/api/members', async (request) => {
    const q = searchText(request.query.q);
    if (q.length < 2) return { members: [] };
    const members = await searchMembers(deps.db, q, 8);
    const filters = await memberFilters(
      deps,
      members.map((m) => m.id),
    );
    return {
      members: members.map((m) => ({
        id: m.id,
        name: m.name,
        detail: `${memberDetail(m)}${m.matchedAuthority ? ` · constituency in ${m.matchedAuthority}` : ''}`,
        filter: filters.get(m.id),
      })),
    };
  });

  app.get<{ Params: { id: string } }>('/members/:id', async (request, reply) => {
    const id = parseQuestionId(request.params.id);
    const [member, askedCount, answeredCount] = await Promise.all([
      deps.db.member.findUnique({ where: { id } }),
      deps.db.question.count({ where: { askingMemberId: id } }),
      deps.db.question.count({ where: { answeringMemberId: id } }),
    ]);
    // A member we hold no name for still has a page when we hold their questions; anyone else is not found.
    if (!member && !askedCount && !answeredCount) throw notFound('member');
    const [asked, answered, filters] = await Promise.all([
      deps.db.question.findMany({
        where: { askingMemberId: id },
        orderBy: [{ dateTabled: 'desc' }, { id: 'desc' }],
        take: SHOWN,
        select: LISTED,
      }),
      deps.db.question.findMany({
        where: { answeringMemberId: id },
        orderBy: [{ dateAnswered: 'desc' }, { id: 'desc' }],
        take: SHOWN,
        select: LISTED,
      }),
      memberFilters(deps, [id]),
    ]);
    const name = member?.name ?? 'A member whose name we do not hold';
    const who = member?.name ?? 'this member';
    const filter = filters.get(id)!;
    const search = `/search?q=${encodeURIComponent(filter)}`;
    const more = (count: number) =>
      count > SHOWN
        ? html`<p class="meta">The newest ${SHOWN} of ${count}. <a href="${search}">Search every answer asked or answered by ${who}</a>.</p>`
        : '';
    return sendPage(reply, {
      title: name,
      body: html`<h1>${name}</h1>
${member ? html`<p class="meta">${memberDetail(member)}</p>` : ''}
${member?.localAuthorities.length ? html`<p class="meta">Local ${member.localAuthorities.length === 1 ? 'authority' : 'authorities'}: ${member.localAuthorities.join(', ')}</p>` : ''}
<p><a class="cta" href="${alertHref(filter)}">Email me when ${who} asks or answers a question</a></p>
<p class="meta">We hold ${held(askedCount, answeredCount)} by ${who}. <a href="${parliamentMemberUrl(id)}">${member ? `${member.name} on parliament.uk` : 'See who on parliament.uk'}</a></p>
${asked.length ? html`<h2>Questions asked, newest first</h2>${questionList(withText(asked), { byTabled: true })}${more(askedCount)}` : ''}
${answered.length ? html`<h2>Questions answered, newest first</h2>${questionList(withText(answered))}${more(answeredCount)}` : ''}`,
    });
  });
}
