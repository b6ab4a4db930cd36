import { validateQuery } from '@alerts/matching';
import type { FastifyReply } from 'fastify';
import { readerClock, type AppDeps } from '../deps';
import { sendPage } from '../http/send-page';
import type { CorpusStatsSource } from '../questions/corpus-stats';
import { describeAlert } from '../questions/describe-alert';
import { formatDate } from '../questions/format';
import { loadMembers } from '../questions/load-members';
import { previewQuery } from '../questions/preview-query';
import { resolveNames } from '../questions/resolve-names';
import { suggestQueries, suggestQuery } from '../questions/suggest-alert';
import { html, type SafeHtml } from '../views/html';
import { nameProblem } from '../views/name-problem';
import { previewBox, previewWords } from '../views/preview';
import { signupForm, type AlertSuggestion, type SignupFormErrors, type SignupFormValues } from '../views/signup-form';
import { fullQuery, type SignupInput } from './signup-input';

export interface AlertFormDeps {
  deps: AppDeps;
  corpus: CorpusStatsSource;
}

/** The question the visitor came from, for its suggestions and the department and member filters. */
export async function questionOrigin(deps: AppDeps, questionId: number | null) {
  if (questionId === null) return null;
  const question = await deps.db.question.findUnique({ where: { id: questionId } });
  if (!question) return null;
  const members = await loadMembers(deps.db, [question.askingMemberId]);
  return { question, member: members.get(question.askingMemberId) ?? null };
}

type Origin = NonNullable<Awaited<ReturnType<typeof questionOrigin>>>;

/**
 * Two or three starting queries drawn from the question (its most distinctive words against the stored corpus,
 * and its heading's subject), each with how many answers it would have matched in the preview's window.
 */
export async function alertSuggestions({ deps, corpus }: AlertFormDeps, origin: Origin): Promise<AlertSuggestion[]> {
  const queries = suggestQueries(origin.question, await corpus.get());
  const suggestions: AlertSuggestion[] = [];
  for (const query of queries) {
    const checked = validateQuery(query);
    if (!checked.ok) continue;
    const preview = await previewQuery(deps.db, checked.query, { clock: readerClock(deps), examples: 0 });
    suggestions.push({
      query,
      description: await describeAlert(deps.db, checked.query, query),
      matched: preview.matched,
      count: previewWords(preview).count(preview.matched),
    });
    if (suggestions.length === 3) break;
  }
  return suggestions;
}

/** The starting query: the first suggestion that would have found something, else the heading's subject. */
export function startingQuery(suggestions: readonly AlertSuggestion[], heading: string | null): string {
  return (suggestions.find((s) => s.matched > 0) ?? suggestions[0])?.query ?? suggestQuery(heading);
}

/** Render `/alerts/new`: the form, its description, and (when asked) the preview. */
export async function renderAlertForm(
  formDeps: AlertFormDeps,
  reply: FastifyReply,
  input: SignupInput,
  errors: SignupFormErrors,
  options: { preview: boolean; checked: { department: boolean; member: boolean }; suggestions?: AlertSuggestion[] },
  status = 200,
) {
  const { deps } = formDeps;
  const origin = await questionOrigin(deps, input.questionId);
  const suggestions = options.suggestions ?? (origin ? await alertSuggestions(formDeps, origin) : []);
  const values: SignupFormValues = {
    email: input.email,
    query: input.baseQuery,
    label: input.label,
    frequency: input.frequency,
    includeTabled: input.includeTabled,
    webhookUrl: input.webhookUrl,
    webhookFormat: input.webhookFormat,
    questionId: origin ? origin.question.id : null,
    department:
      origin?.question.answeringBodyName && !/["\\]/.test(origin.question.answeringBodyName)
        ? { name: origin.question.answeringBodyName, checked: options.checked.department }
        : null,
    member: origin
      ? { id: origin.question.askingMemberId, name: origin.member?.name ?? null, checked: options.checked.member }
      : null,
    suggestions,
  };
  let description: string | null = null;
  let previewHtml: SafeHtml | string = '';
  const resolved = await resolveNames(deps.db, fullQuery(input));
  if (!resolved.ok && !errors.query) errors = { ...errors, query: nameProblem(resolved.problem) };
  const checked = resolved.ok && resolved.query ? validateQuery(resolved.query) : null;
  if (checked?.ok && resolved.ok) {
    description = await describeAlert(deps.db, checked.query, resolved.query, { askings: input.includeTabled });
    if (options.preview)
      previewHtml = previewBox(await previewQuery(deps.db, checked.query, { clock: readerClock(deps) }));
  }
  const intro = origin
    ? html`<p>Based on <a href="/questions/${origin.question.id}">${origin.question.heading ?? 'this question'}</a> (answered ${formatDate(origin.question.dateAnswered)}).</p>`
    : '';
  return sendPage(
    reply,
    {
      title: 'Create an alert',
      body: html`<h1>Create an alert</h1>${intro}${signupForm(values, errors, description, previewHtml)}`,
    },
    status,
  );
}
