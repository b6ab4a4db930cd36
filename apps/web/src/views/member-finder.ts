import { MEMBER_SEARCH_MAX } from '../questions/search-members';
import { html } from './html';

export interface MemberFinderOptions {
  id: string;
  /** The field's name, when the box is part of a form that submits it (/members); none on the sign-up form. */
  name?: string;
  value?: string;
  label: string;
  /** `link`: suggestions open the member's page; `query`: choosing one writes its `member:` filter into #query. */
  mode: 'link' | 'query';
  /** The suggestion list's id; `${id}-suggestions` by default. */
  listId?: string;
}

/**
 * A search box for members by name, constituency or local authority, with suggestions as the visitor types
 * (/assets/member-search.js calling /api/members; the CSP allows no inline script).
 */
export function memberFinder(options: MemberFinderOptions) {
  const { id, name, value = '', label, mode, listId = `${id}-suggestions` } = options;
  return html`<label for="${id}">${label}</label>
<input type="search" id="${id}"${name ? html` name="${name}"` : ''} value="${value}" autocomplete="off" maxlength="${MEMBER_SEARCH_MAX}" data-member-typeahead="${mode}" aria-describedby="${id}-help" aria-controls="${listId}">
<p class="meta" id="${id}-help">For example “Corbyn”, “Islington North” or “Rushmoor”.${mode === 'query' ? ' Choose a member to alert on everything they ask or answer.' : ' Suggestions appear as you type.'}</p>
<ul id="${listId}" class="typeahead" aria-live="polite"></ul>
<script src="/assets/member-search.js" defer></script>`;
}
