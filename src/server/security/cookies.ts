// cookie-parser, remembered per Cookie header: a rater sends the same header on every request,
// so its signature is checked once, not on each of them (an HMAC plus two SHA-1s every time).
// Only an exact header that already passed through cookie-parser is a hit, so the answer is the same.
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const MAX_REMEMBERED = 10_000;

interface Parsed {
  cookies: Record<string, unknown>;
  signedCookies: Record<string, unknown>;
}

export function parseCookies(secret: string): RequestHandler {
  const parse = cookieParser(secret);
  const remembered = new Map<string, Parsed>();
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.cookie;
    if (!header) return parse(req, res, next);
    const hit = remembered.get(header);
    if (hit) {
      // Copies: a handler may change its request's cookies without touching the next request's.
      req.secret = secret;
      req.cookies = { ...hit.cookies };
      req.signedCookies = { ...hit.signedCookies };
      return next();
    }
    parse(req, res, (err?: unknown) => {
      if (err === undefined) {
        if (remembered.size >= MAX_REMEMBERED) remembered.clear();
        remembered.set(header, { cookies: { ...(req.cookies as Record<string, unknown>) }, signedCookies: { ...(req.signedCookies as Record<string, unknown>) } });
      }
      next(err);
    });
  };
}
