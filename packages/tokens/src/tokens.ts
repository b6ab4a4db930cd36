import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a token may be used for. A token signed for one purpose never verifies for another, so an unsubscribe
 * link cannot be replayed as a manage link.
 */
export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe' | 'feed';

export interface TokenClaims {
  purpose: TokenPurpose;
  /** Subscriber id, or subscription id for `feed`. */
  subject: string;
  /** The subscriber's tokenVersion when signed: bumping it revokes every earlier link. */
  version: number;
  /** Expiry, seconds since the epoch; 0 means it does not expire (unsubscribe links must keep working). */
  expiresAt: number;
}

/** Lifetimes that make sense per purpose (seconds; 0 = never expires). */
export const TOKEN_LIFETIMES: Record<TokenPurpose, number> = {
  confirm: 7 * 24 * 3600,
  manage: 90 * 24 * 3600,
  unsubscribe: 0, // RFC 8058: a one-click unsubscribe in an old email must still work
  feed: 0,
};

export class TokenError extends Error {
  constructor(
    readonly code: 'TOKEN_MALFORMED' | 'TOKEN_BAD_SIGNATURE' | 'TOKEN_WRONG_PURPOSE' | 'TOKEN_EXPIRED',
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');

/**
 * Sign and verify tokens with HMAC-SHA256 under `secret` (at least 32 bytes of randomness, from config). A token
 * is `payload.signature`, URL-safe, about 80 characters; the payload is readable but cannot be altered.
 */
export function createTokenSigner(secret: string) {
  if (Buffer.byteLength(secret) < 32) throw new Error('the token secret must be at least 32 bytes long');
  const sign = (payload: string) => b64(createHmac('sha256', secret).update(payload).digest());

  return {
    sign(claims: Omit<TokenClaims, 'expiresAt'> & { expiresAt?: number }, now = Date.now()): string {
      const lifetime = TOKEN_LIFETIMES[claims.purpose];
      const expiresAt = claims.expiresAt ?? (lifetime ? Math.floor(now / 1000) + lifetime : 0);
      const payload = b64(Buffer.from(JSON.stringify([claims.purpose, claims.subject, claims.version, expiresAt])));
      return `${payload}.${sign(payload)}`;
    },

    /** Returns the claims, or throws TokenError saying why the token is no good. */
    verify(token: string, purpose: TokenPurpose, now = Date.now()): TokenClaims {
      const [payload, signature, extra] = typeof token === 'string' ? token.split('.') : [];
      if (!payload || !signature || extra !== undefined || token.length > 512)
        throw new TokenError('TOKEN_MALFORMED', 'this link is not valid');
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        throw new TokenError('TOKEN_BAD_SIGNATURE', 'this link is not valid');
      let claims: unknown;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw new TokenError('TOKEN_MALFORMED', 'this link is not valid');
      }
      if (!Array.isArray(claims) || claims.length !== 4)
        throw new TokenError('TOKEN_MALFORMED', 'this link is not valid');
      const [p, subject, version, expiresAt] = claims as [unknown, unknown, unknown, unknown];
      if (typeof subject !== 'string' || typeof version !== 'number' || typeof expiresAt !== 'number')
        throw new TokenError('TOKEN_MALFORMED', 'this link is not valid');
      if (p !== purpose) throw new TokenError('TOKEN_WRONG_PURPOSE', 'this link is for something else');
      if (expiresAt && expiresAt * 1000 < now) throw new TokenError('TOKEN_EXPIRED', 'this link has expired');
      return { purpose, subject, version, expiresAt };
    },
  };
}

export type TokenSigner = ReturnType<typeof createTokenSigner>;
