// CSRF tokens are an HMAC of the rater's id (per study) with the server secret: stateless, stable
// across restarts, and useless to anyone who does not already hold that rater's signed cookie.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

const MAX_REMEMBERED = 10_000;

export function csrfToken(secret: string | KeyObject, scope: string): string {
  return createHmac('sha256', secret).update(`csrf\0${scope}`).digest('base64url');
}

function matches(expected: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 100) return false;
  const want = Buffer.from(expected);
  const given = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export function isValidCsrf(secret: string, scope: string, token: unknown): boolean {
  return matches(csrfToken(secret, scope), token);
}

/** Tokens for one secret, each computed once per scope (every page and every vote needs one). */
export function csrfTokens(secret: string): { token(scope: string): string; isValid(scope: string, token: unknown): boolean } {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const tokens = new Map<string, string>();
  const token = (scope: string): string => {
    let found = tokens.get(scope);
    if (found === undefined) {
      if (tokens.size >= MAX_REMEMBERED) tokens.clear();
      found = csrfToken(key, scope);
      tokens.set(scope, found);
    }
    return found;
  };
  return { token, isValid: (scope, given) => matches(token(scope), given) };
}
