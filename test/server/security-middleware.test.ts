// The per-request shortcuts in the security middleware must give exactly what the libraries give:
// headers recorded once from helmet, cookie signatures checked once per Cookie header.
import type { Request, Response } from 'express';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCookies } from '../../src/server/security/cookies.ts';
import { securityHeaders } from '../../src/server/security/headers.ts';
import { csrfToken, csrfTokens } from '../../src/server/security/csrf.ts';

const SECRET = 'middleware-test-secret';

/** A value signed the way cookie-signature (used by express and cookie-parser) signs it. */
function sign(value: string, secret: string): string {
  return `${value}.${createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '')}`;
}

function parsed(middleware: ReturnType<typeof parseCookies>, cookie: string): Request {
  const req = { headers: { cookie } } as unknown as Request;
  let called = 0;
  middleware(req, {} as Response, (err?: unknown) => {
    expect(err).toBeUndefined();
    called++;
  });
  expect(called).toBe(1);
  return req;
}

describe('remembered cookie parsing', () => {
  it('accepts a good signature every time and a forged one never, before and after caching', () => {
    const middleware = parseCookies(SECRET);
    const good = `rater=${encodeURIComponent(`s:${sign('alice', SECRET)}`)}`;
    const forged = `rater=${encodeURIComponent(`s:${sign('alice', 'other-secret')}`)}`;
    for (let round = 0; round < 2; round++) {
      expect(parsed(middleware, good).signedCookies).toEqual({ rater: 'alice' });
      expect(parsed(middleware, forged).signedCookies).toEqual({ rater: false });
      expect(parsed(middleware, good).secret).toBe(SECRET);
    }
  });

  it('a handler changing its request cookies does not change the next request', () => {
    const middleware = parseCookies(SECRET);
    const header = `rater=${encodeURIComponent(`s:${sign('bob', SECRET)}`)}; theme=dark`;
    const first = parsed(middleware, header);
    (first.signedCookies as Record<string, unknown>).rater = 'mallory';
    (first.cookies as Record<string, unknown>).theme = 'light';
    const second = parsed(middleware, header);
    expect(second.signedCookies).toEqual({ rater: 'bob' });
    expect(second.cookies).toEqual({ theme: 'dark' });
  });
});

describe('recorded security headers', () => {
  it('sets the CSP with the completion origins and removes X-Powered-By', () => {
    const set = new Map<string, string>();
    const removed: string[] = [];
    const res = {
      setHeader: (name: string, value: string) => set.set(name.toLowerCase(), value),
      removeHeader: (name: string) => removed.push(name.toLowerCase()),
    } as unknown as Response;
    securityHeaders(['https://app.prolific.com'])({} as Request, res, () => undefined);
    const csp = set.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self' https://app.prolific.com");
    expect(csp).not.toContain('unsafe-inline');
    expect(set.get('x-content-type-options')).toBe('nosniff');
    expect(set.get('referrer-policy')).toBe('no-referrer');
    expect(set.has('strict-transport-security')).toBe(false);
    expect(removed).toContain('x-powered-by');
  });
});

describe('remembered CSRF tokens', () => {
  it('are the plain HMAC tokens, and only the right one is valid', () => {
    const tokens = csrfTokens(SECRET);
    const token = tokens.token('study\0alice');
    expect(token).toBe(csrfToken(SECRET, 'study\0alice'));
    expect(tokens.token('study\0alice')).toBe(token);
    expect(tokens.isValid('study\0alice', token)).toBe(true);
    expect(tokens.isValid('study\0bob', token)).toBe(false);
    expect(tokens.isValid('study\0alice', token.slice(1))).toBe(false);
    expect(tokens.isValid('study\0alice', undefined)).toBe(false);
  });
});
