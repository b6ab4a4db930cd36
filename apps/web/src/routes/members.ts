import type { Db, Member, Prisma } from '@alerts/db';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { notFound } from '../http-error';
import { sendPage } from '../http/send-page';
import { parseQuestionId } from '../questions/parse-id';
import { html } from '../views/html';
import { parliamentMemberUrl } from '../views/member-name';
import { questionList } from '../views/question-list';

const LISTED = { id: true, heading: true, uin: true, answeringBodyName: true, dateAnswered: true, isHolding: true } as const;

/** Members whose name contains `q` (all of them for an empty `q`), by surname. */
function findMembers(db: Db, q: string, take: number) {
  const where: Prisma.MemberWhereInput = q ? { OR: [{ name: { contains: q, mode: 'insensitive' } }, { listAs: { contains: q, mode: 'insensitive' } }] } : {};
  return db.member.findMany({ where, orderBy: [{ listAs: 'asc' }, { name: 'asc' }], take });
}

const detail = (member: Member) => [member.party, member.house && `House of ${member.house}`, member.memberFrom].filter(Boolean).join(' · ');
/** The alert query for a member, by name when the name is unambiguous, which reads better in the form. */
const alertHref = (member: Member) => `/alerts/new?q=${encodeURIComponent(`member:"${member.name}"`)}`;

/**
 * `/members`: the members we know (name, party, House), filtered by name, with a typeahead; `/members/:id`: one
 * member's questions and a link to alert on them; `/api/members?q=` feeds the typeahead.
 */
export function registerMemberRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { q?: string } }>('/members', async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 100) : '';
    const members = await findMembers(deps.db, q, 200);
    return sendPage(reply, {
      title: 'Members',
      body: html`<h1>Members</h1>
<p>The members of Parliament whose names we hold. Choose one to see their questions and answers, and to get an email whenever they ask or answer one.</p>
<form method="get" action="/members" role="search" class="member-search"><label for="member-q">Find a member by name</label>
<input type="search" id="member-q" name="q" value="${q}" autocomplete="off" aria-describedby="member-help" aria-controls="member-suggestions">
<p class="meta" id="member-help">Type part of a name, e.g. "Corbyn". Suggestions appear as you type.</p>
<ul id="member-suggestions" class="typeahead" aria-live="polite"></ul>
<button type="submit">Find</button></form>
${q ? html`<p>${members.length} ${members.length === 1 ? 'member' : 'members'} matching “${q}”.</p>` : ''}
${members.length ? html`<ul class="results">${members.map((m) => html`<li><a href="/members/${m.id}">${m.name}</a><br><span class="meta">${detail(m)}</span></li>`)}</ul>` : html`<p>No members found.</p>`}
<script src="/assets/member-search.js" defer></script>`,
    });
  });

  app.get<{ Querystring: { q?: string } }>('/api/members', async (request) => {
    const q = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 100) : '';
    if (q.length < 2) return { members: [] };
    const members = await findMembers(deps.db, q, 8);
    return { members: members.map((m) => ({ id: m.id, name: m.name, detail: detail(m) })) };
  });

  app.get<{ Params: { id: string } }>('/members/:id', async (request, reply) => {
    const id = parseQuestionId(request.params.id);
    const member = await deps.db.member.findUnique({ where: { id } });
    if (!member) throw notFound('member');
    const [asked, answered] = await Promise.all([
      deps.db.question.findMany({ where: { askingMemberId: id }, orderBy: [{ dateTabled: 'desc' }, { id: 'desc' }], take: 20, select: LISTED }),
      deps.db.question.findMany({ where: { answeringMemberId: id }, orderBy: [{ dateAnswered: 'desc' }, { id: 'desc' }], take: 20, select: LISTED }),
    ]);
    return sendPage(reply, {
      title: member.name,
      body: html`<h1>${member.name}</h1>
<p class="meta">${detail(member)}</p>
<p><a class="cta" href="${alertHref(member)}">Email me when ${member.name} asks or answers a question</a></p>
<p><a href="${parliamentMemberUrl(member.id)}">${member.name} on parliament.uk</a></p>
${asked.length ? html`<h2>Questions asked (newest first)</h2>${questionList(asked)}` : ''}
${answered.length ? html`<h2>Questions answered (newest first)</h2>${questionList(answered)}` : ''}
${!asked.length && !answered.length ? html`<p>We hold no questions asked or answered by ${member.name} yet.</p>` : ''}`,
    });
  });
}
