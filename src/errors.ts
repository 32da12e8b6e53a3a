// One error type for everything a user can get wrong. Loaders, importers and readers collect
// every problem (not only the first) as Issues naming the file, line and field; the CLI prints
// them and the server maps `code` to an HTTP status in one place.

export interface Issue {
  file?: string;
  /** 1-based line number in the file, when the format has lines. */
  line?: number;
  /** Dotted path of the field, e.g. `completions.gpt-3.5-turbo` or `design.baseline`. */
  field?: string;
  expected?: string;
  found?: string;
  message: string;
}

export type ErrorCode =
  | 'invalid-input' // malformed study, import file, or request body
  | 'not-found'
  | 'forbidden' // not this rater's task, bad CSRF token, missing admin token
  | 'gone' // lease expired
  | 'conflict'
  | 'unavailable'; // a study that did not load (served with --skip-broken)

export class PrefstudyError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

  constructor(code: ErrorCode, message: string, issues: Issue[] = []) {
    super(message);
    this.name = 'PrefstudyError';
    this.code = code;
    this.issues = issues;
  }
}

/** `file:line: field: message (expected X, found Y)` — the one way an issue is printed. */
export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.line].filter((x) => x !== undefined).join(':');
  const parts = [where, issue.field].filter(Boolean).join(': ');
  const detail = [
    issue.expected !== undefined ? `expected ${issue.expected}` : '',
    issue.found !== undefined ? `found ${issue.found}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${parts ? parts + ': ' : ''}${issue.message}${detail ? ` (${detail})` : ''}`;
}
