import { createVerify } from 'node:crypto';

/** The fields of an Amazon SNS message delivered over HTTP(S) that we read. */
export interface SnsMessage {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string;
  Token?: string;
  SubscribeURL?: string;
  SignatureVersion?: string;
  Signature?: string;
  SigningCertURL?: string;
}

/**
 * Where SNS keeps its signing certificates: https on `sns.<region>.amazonaws.com` (or `.amazonaws.com.cn`). A
 * certificate from anywhere else is never fetched: whoever controls the URL would control the verdict.
 */
export function isSnsUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      /^sns\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/.test(parsed.hostname) &&
      !parsed.port &&
      !parsed.username
    );
  } catch {
    return false;
  }
}

/**
 * The string SNS signs (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html): name and
 * value lines of fixed fields in byte order, Subject only when present; confirmations sign SubscribeURL and Token.
 */
export function snsStringToSign(message: SnsMessage): string {
  const fields =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', ...(message.Subject !== undefined ? ['Subject'] : []), 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return fields.map((field) => `${field}\n${(message as unknown as Record<string, string>)[field] ?? ''}\n`).join('');
}

/**
 * Whether an SNS message is signed by the certificate at its SigningCertURL: SignatureVersion 1 is SHA1 with RSA,
 * 2 SHA256 with RSA. `certificateFor` gives the PEM for a URL already checked by {@link isSnsUrl}.
 */
export async function verifySnsMessage(
  message: SnsMessage,
  certificateFor: (url: string) => Promise<string>,
): Promise<{ ok: true } | { ok: false; why: string }> {
  const algorithm =
    message.SignatureVersion === '1' ? 'RSA-SHA1' : message.SignatureVersion === '2' ? 'RSA-SHA256' : null;
  if (!algorithm)
    return { ok: false, why: `unknown SignatureVersion ${String(message.SignatureVersion).slice(0, 10)}` };
  if (!message.Signature) return { ok: false, why: 'no Signature' };
  if (!isSnsUrl(message.SigningCertURL))
    return { ok: false, why: 'SigningCertURL is not https on sns.<region>.amazonaws.com' };
  const certificate = await certificateFor(message.SigningCertURL!);
  const verifier = createVerify(algorithm);
  verifier.update(snsStringToSign(message), 'utf8');
  return verifier.verify(certificate, message.Signature, 'base64') ? { ok: true } : { ok: false, why: 'bad signature' };
}
