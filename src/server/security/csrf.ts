// CSRF tokens are an HMAC of the rater's id (per study) with the server secret: stateless, stable
// across restarts, and useless to anyone who does not already hold that rater's signed cookie.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function csrfToken(secret: string, scope: string): string {
  return createHmac('sha256', secret).update(`csrf\0${scope}`).digest('base64url');
}

export function isValidCsrf(secret: string, scope: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 100) return false;
  const expected = Buffer.from(csrfToken(secret, scope));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
