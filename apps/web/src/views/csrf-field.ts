import { html } from './html';

export const csrfField = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;
