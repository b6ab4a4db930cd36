/** The templates in `templates/`, each `NAME.mjml` for HTML and `NAME.txt.hbs` for the plain-text part. */
export const templateNames = ['confirmation', 'digest', 'immediate', 'goodbye', 'follow', 'manage-link', 'webhook-disabled'] as const;

/** One of {@link templateNames}. */
export type TemplateName = (typeof templateNames)[number];

/** True when `name` is one of {@link templateNames}. */
export function isTemplateName(name: string): name is TemplateName {
  return (templateNames as readonly string[]).includes(name);
}
