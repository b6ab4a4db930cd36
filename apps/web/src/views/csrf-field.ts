import { CSRF_FIELD } from '../admin/csrf';
import { html } from './html';

export const csrfField = (token: string) => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
