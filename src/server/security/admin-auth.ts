// Admin pages need the admin token: `Authorization: Bearer <token>`, or `?token=<token>` once,
// which sets a signed cookie and redirects to the same page without the token in the URL.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { RequestError } from '../errors.ts';

const ADMIN_COOKIE = 'admin';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function sameToken(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

export function requireAdmin(token: string): RequestHandler {
  // The cookie holds a fingerprint of the token, so a new token invalidates old cookies.
  const fingerprint = digest(`admin\0${token}`).toString('base64url');
  return (req, res, next) => {
    const header = req.get('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    if (bearer !== undefined) {
      return sameToken(bearer, token) ? next() : next(new RequestError('forbidden', 'Wrong admin token.'));
    }
    const fromQuery = req.query.token;
    if (typeof fromQuery === 'string') {
      if (!sameToken(fromQuery, token)) return next(new RequestError('forbidden', 'Wrong admin token.'));
      res.cookie(ADMIN_COOKIE, fingerprint, { signed: true, httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/admin' });
      const url = new URL(req.originalUrl, 'http://localhost');
      url.searchParams.delete('token');
      return res.redirect(303, url.pathname + url.search);
    }
    const signed = req.signedCookies as Record<string, unknown> | undefined;
    if (signed?.[ADMIN_COOKIE] === fingerprint) return next();
    res.set('WWW-Authenticate', 'Bearer');
    next(new RequestError('forbidden', 'The admin pages need the admin token.'));
  };
}
