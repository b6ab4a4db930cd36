import { classifySmtpError, toSendError } from './classify-smtp-error';
import { EmailError } from './email-error';

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error('smtp'), fields);

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 450 }, 'transient'],
    [{ code: 'EMESSAGE', responseCode: 421 }, 'transient'],
    [{ code: 'EENVELOPE', responseCode: 550 }, 'permanent'],
    [{ code: 'EMESSAGE', responseCode: 554 }, 'permanent'],
    [{ code: 'ECONNECTION' }, 'transient'],
    [{ code: 'ECONNREFUSED' }, 'transient'],
    [{ code: 'ETIMEDOUT' }, 'transient'],
    [{ code: 'ECONNRESET' }, 'transient'],
    [{ code: 'ESOCKET' }, 'transient'],
    [{ code: 'EDNS' }, 'transient'],
    [{ code: 'EAUTH', responseCode: 535 }, 'transient'],
    [{ code: 'EENVELOPE' }, 'permanent'],
    [{}, 'transient'],
  ] as const)('%j is %s', (fields, kind) => {
    expect(classifySmtpError(smtpError(fields))).toBe(kind);
  });

  it('accepts non-errors and already-coded errors', () => {
    expect(classifySmtpError(undefined)).toBe('transient');
    expect(classifySmtpError(new EmailError('EMAIL_SEND_PERMANENT', 'x'))).toBe('permanent');
  });

  it('wraps failures in a coded EmailError that keeps the reply code', () => {
    const error = toSendError(smtpError({ code: 'EENVELOPE', responseCode: 550, message: '550 No such user' }));
    expect(error).toMatchObject({ code: 'EMAIL_SEND_PERMANENT', responseCode: 550, isTransient: false });
    expect(toSendError(smtpError({ code: 'ECONNREFUSED' }))).toMatchObject({
      code: 'EMAIL_SEND_TRANSIENT',
      isTransient: true,
    });
  });
});
