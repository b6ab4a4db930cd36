import type { z } from 'zod';
import { confirmationEmail } from './confirmation/confirmation';
import { digestEmail } from './digest/digest';
import { followEmail } from './follow/follow';
import { goodbyeEmail } from './goodbye/goodbye';
import { immediateEmail } from './immediate/immediate';
import { manageLinkEmail } from './manage-link/manage-link';
import { webhookDisabledEmail } from './webhook-disabled/webhook-disabled';

/**
 * Every email, by name: the one list. Each is a folder `emails/NAME/` holding `NAME.mjml` (HTML), `NAME.txt.hbs`
 * (text part) and `NAME.ts` (schema, subject, view model, sample data); the shared layout and partials are in
 * `templates/` at the repository root. Adding an email is a folder and a line here.
 */
export const emails = {
  confirmation: confirmationEmail,
  digest: digestEmail,
  immediate: immediateEmail,
  goodbye: goodbyeEmail,
  follow: followEmail,
  'manage-link': manageLinkEmail,
  'webhook-disabled': webhookDisabledEmail,
} as const;

/** One of {@link templateNames}. */
export type TemplateName = keyof typeof emails;

/** The names of the emails, in the order of {@link emails}. */
export const templateNames = Object.keys(emails) as readonly TemplateName[];

/** True when `name` is one of {@link templateNames}. */
export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(emails, name);
}

/** The schema of each email, by name. */
export const templateSchemas = Object.fromEntries(templateNames.map((name) => [name, emails[name].schema])) as {
  [N in TemplateName]: (typeof emails)[N]['schema'];
};

/** What a caller passes to `render(name, data)` (defaults not yet applied). */
export type TemplateData = { [N in TemplateName]: z.input<(typeof emails)[N]['schema']> };
/** Data after validation, with defaults applied. */
export type ParsedTemplateData = { [N in TemplateName]: z.output<(typeof emails)[N]['schema']> };
