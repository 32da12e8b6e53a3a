// The rater's id lives in a signed, HttpOnly, SameSite=Lax cookie scoped to one study's pages.
import type { Request, Response } from 'express';

export const RATER_COOKIE = 'rater';
const RATER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

export function isRaterId(id: unknown): id is string {
  return typeof id === 'string' && RATER_ID.test(id);
}

export function studyPath(studyId: string): string {
  return `/s/${studyId}`;
}

/** The rater id from a valid signed cookie, or undefined (missing, forged, or malformed). */
export function readRaterId(req: Request): string | undefined {
  const signed = req.signedCookies as Record<string, unknown> | undefined;
  const value = signed?.[RATER_COOKIE];
  return isRaterId(value) ? value : undefined;
}

export function writeRaterId(req: Request, res: Response, studyId: string, raterId: string): void {
  res.cookie(RATER_COOKIE, raterId, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: studyPath(studyId),
    maxAge: THIRTY_DAYS_MS,
  });
}
