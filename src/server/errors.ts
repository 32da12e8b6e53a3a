// The one place where errors become HTTP responses. PrefstudyError codes map to statuses; body
// parser errors (oversized, malformed) keep their 4xx; anything else is a 500 with a bland page.
// Only errors the server raised about the request itself (RequestError) show their details:
// messages from deeper layers could name items or systems, and raters must never see those.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { PrefstudyError, type ErrorCode, type Issue } from '../errors.ts';

/** A problem with the request itself; its message and issues are safe to show to the client. */
export class RequestError extends PrefstudyError {
  constructor(code: ErrorCode, message: string, issues: Issue[] = []) {
    super(code, message, issues);
    this.name = 'RequestError';
  }
}

const STATUS: Record<ErrorCode, number> = {
  'invalid-input': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
};

const PUBLIC_MESSAGE: Record<number, string> = {
  400: 'The request was not valid.',
  403: 'This action is not allowed.',
  404: 'There is nothing here.',
  409: 'This conflicts with an earlier answer.',
  410: 'This pair has expired. Continue to get a fresh one.',
  413: 'The request was too large.',
  500: 'Something went wrong on our side. Please try again in a moment.',
};

export interface ErrorView {
  status: number;
  code: string;
  message: string;
  issues: string[];
}

function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { status?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** What a client is told about an error: a status, a code, and only public text. */
export function presentError(err: unknown): ErrorView {
  if (err instanceof PrefstudyError) {
    const status = STATUS[err.code];
    const isPublic = err instanceof RequestError;
    return {
      status,
      code: err.code,
      message: isPublic ? err.message : (PUBLIC_MESSAGE[status] ?? err.code),
      issues: isPublic ? err.issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)) : [],
    };
  }
  const status = httpStatusOf(err) ?? 500;
  const code = status === 413 ? 'too-large' : status === 500 ? 'internal' : 'invalid-input';
  return { status, code, message: PUBLIC_MESSAGE[status] ?? PUBLIC_MESSAGE[400], issues: [] };
}

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new RequestError('not-found', 'There is nothing here.'));
};

export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const view = presentError(err);
    if (view.status === 500) log(`error on ${req.method} ${req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    res.status(view.status);
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: { code: view.code, message: view.message, issues: view.issues } });
    } else {
      res.render('error', { title: `Error ${view.status}`, error: view });
    }
  };
}
