export { createTokenSigner, TOKEN_LIFETIMES, TokenError } from './tokens';
export type { TokenClaims, TokenPurpose, TokenSigner } from './tokens';
export { hashPassword, verifyPassword } from './password';
