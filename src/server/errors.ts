// The one place where errors become HTTP responses. PrefstudyError codes map to statuses; body
// parser errors (oversized, malformed) keep their 4xx; anything else is a 500 with a bland page.
// Only errors the server raised about the request itself (RequestError) show their details:
// messages from deeper layers could name items or systems, and raters must never see those.
// JSON clients get the machine-readable code; the HTML page is for raters, who are not developers:
// a plain heading, what happened, what to do next, and a way back to their study. No codes on it.
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
  unavailable: 503,
};

const PUBLIC_MESSAGE: Record<number, string> = {
  400: 'The request was not valid.',
  403: 'This action is not allowed.',
  404: 'There is nothing here.',
  409: 'This conflicts with an earlier answer.',
  410: 'This pair has expired. Continue to get a fresh one.',
  413: 'The request was too large.',
  500: 'Something went wrong on our side. Please try again in a moment.',
  503: 'This study is not available right now.',
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

/** What a rater's browser shows for an error: plain words only, never an error code. */
export interface ErrorPageView {
  status: number;
  heading: string;
  /** What happened and what to do next. */
  message: string;
  /** Field problems in plain words. */
  issues: string[];
  /** The one obvious next step, e.g. on to the next pair. */
  action?: { href: string; label: string };
  /** The study's landing page (instructions, Continue), when the request was under /s/<study>. */
  studyPath?: string;
}

/** `/s/<study>` when the path is under a study (the same id rule as the rater routes). */
export function studyPathOf(path: string): string | undefined {
  const match = /^\/s\/([a-z0-9][a-z0-9-]{0,79})(?:\/|$)/.exec(path);
  return match ? `/s/${match[1]}` : undefined;
}

const FIELD_LABEL: Record<string, string> = {
  answer: 'Your choice',
  rationale: 'Your explanation',
  consent: 'The consent box',
  task: 'The pair',
  _csrf: 'The form',
  study: 'The study address',
  PROLIFIC_PID: 'Your study link',
  STUDY_ID: 'Your study link',
  SESSION_ID: 'Your study link',
  rater: 'Your study link',
};

/** One field problem as a rater would say it: "Your explanation is too long." */
function plainIssue(issue: Issue): string {
  const label = (issue.field && FIELD_LABEL[issue.field]) ?? 'Part of the form';
  const text = issue.message.toLowerCase();
  if (issue.field === 'consent' && (text === 'required' || text.includes('expected'))) return 'Please tick the consent box.';
  if (text === 'required' || text.includes('received undefined')) return `${label} is missing.`;
  if (text.startsWith('too big') || /^at most \d+ characters$/.test(text)) return `${label} is too long.`;
  if (text.startsWith('too small')) return `${label} is empty.`;
  if (text === 'not one of the choices') return `${label} is not one of the choices.`;
  return `${label} is not right.`;
}

/** The HTML error page for a request: texts chosen by status, RequestError details where useful. */
export function presentErrorPage(err: unknown, req: { method: string; path: string }): ErrorPageView {
  const { status } = presentError(err);
  const isPublic = err instanceof RequestError;
  const isForm = req.method === 'POST';
  const study = studyPathOf(req.path);
  const issues = isPublic ? [...new Set(err.issues.map(plainIssue))] : [];
  const nextPair = study ? { action: { href: `${study}/task`, label: 'Continue with the next pair' } } : {};
  const page = (heading: string, message: string, extra: Partial<ErrorPageView> = {}): ErrorPageView => ({
    status,
    heading,
    message,
    issues: [],
    ...extra,
    // A missing study's own page has nothing to go back to.
    ...(study && !(status === 404 && req.path.replace(/\/$/, '') === study) ? { studyPath: study } : {}),
  });
  switch (status) {
    case 400:
      return page(
        'We could not accept this',
        `${isPublic ? err.message : 'Something in what you sent was not right.'} ${isForm ? 'Go back, correct it and send it again.' : 'Check the link you were given and open it again.'}`,
        { issues },
      );
    case 403:
      return isForm
        ? page('This page is out of date', 'This page was open too long or came from elsewhere. Reload and try again.')
        : page('You cannot open this page', `${isPublic ? err.message : 'This page is not open to you.'} Open the link you were given again.`);
    case 404:
      return page('Page not found', 'We could not find this page. Check the link you were given.');
    case 409:
      return page('Already answered', 'We already have an answer for this, so this one was not saved. Your earlier answers are saved.', nextPair);
    case 410:
      return page('This pair has expired', 'This pair was open too long, so we gave it back to the pool. Your earlier answers are saved.', nextPair);
    case 413:
      return page('Your answer is too long', 'What you sent was too long for us to accept. Shorten your explanation and send it again.');
    case 500:
      return page('Something went wrong', 'Something went wrong on our side. Your earlier answers are saved. Try again in a minute.');
    case 503:
      return page('This study is paused', 'This study is not available right now. Your earlier answers are saved. Try again later.');
    default:
      return page('We could not accept this', `Something in what you sent was not right. ${isForm ? 'Go back and send it again.' : 'Check the link you were given and open it again.'}`);
  }
}

export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const view = presentError(err);
    if (view.status === 500) log(`error on ${req.method} ${req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    res.status(view.status);
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: { code: view.code, message: view.message, issues: view.issues } });
    } else {
      const page = presentErrorPage(err, req);
      res.render('error', { title: page.heading, error: page });
    }
  };
}
