import { ALERT_TEXT_LIMITS } from '@alerts/alert-rules';
import { EMAIL_ADDRESS_LIMITS } from '@alerts/email';
import { MAX_QUERY_LENGTH } from '@alerts/matching';
import { editAlertForm } from './edit-alert-form';
import { MEMBER_SEARCH_MAX } from '../questions/search-members';
import { followForm } from './follow-form';
import { memberFinder } from './member-finder';
import { signupForm, type SignupFormValues } from './signup-form';

// The forms' maxlength is the rule the server applies, read from where the rule is written: a browser never lets
// anyone type more than would be stored, nor stops them short of it.
const maxlength = (page: string, id: string): number => {
  const input = new RegExp(`<input[^>]* id="${id}"[^>]*>`).exec(page)?.[0] ?? '';
  return Number(/ maxlength="(\d+)"/.exec(input)?.[1]);
};

describe("the forms' maxlength", () => {
  const values = {
    email: '',
    query: 'schools',
    label: '',
    frequency: 'DAILY',
    includeTabled: false,
    department: null,
    member: null,
    questionId: null,
    suggestions: [],
    webhookUrl: '',
    webhookFormat: '',
  } satisfies SignupFormValues;
  const signup = signupForm(values, {}, null).value;
  const edit = editAlertForm({
    action: '/manage/t/alerts/a/edit',
    back: '/manage/t',
    query: 'schools',
    label: '',
    frequency: 'DAILY',
    includeTabled: false,
    webhookUrl: '',
    webhookFormat: '',
    errors: {},
    description: null,
    preview: '',
  }).value;

  it('let a query be as long as the query language allows, on both alert forms', () => {
    expect(maxlength(signup, 'query')).toBe(MAX_QUERY_LENGTH);
    expect(maxlength(edit, 'query')).toBe(MAX_QUERY_LENGTH);
  });

  it("let a label be as long as an alert's label may be, on both alert forms", () => {
    expect(maxlength(signup, 'label')).toBe(ALERT_TEXT_LIMITS.label);
    expect(maxlength(edit, 'label')).toBe(ALERT_TEXT_LIMITS.label);
  });

  it('let an address be as long as the address rule allows, on the sign-up and follow forms', () => {
    expect(maxlength(signup, 'email')).toBe(EMAIL_ADDRESS_LIMITS.address);
    expect(maxlength(followForm(1).value, 'follow-email')).toBe(EMAIL_ADDRESS_LIMITS.address);
  });

  it('let a member search be as long as the member search reads', () => {
    expect(
      maxlength(memberFinder({ id: 'member-find', label: 'Find a member', mode: 'query' }).value, 'member-find'),
    ).toBe(MEMBER_SEARCH_MAX);
  });
});
