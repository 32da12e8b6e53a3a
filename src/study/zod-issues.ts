// zod issues -> our Issues: a dotted field path, what was expected, and what was found
// (read from the raw value, so the message shows the user's own input).
import type { z } from 'zod';
import type { Issue } from '../errors.ts';

export type PathKey = string | number;
/** Finds the line of a field, when the file format allows it. */
export type LineOf = (path: readonly PathKey[]) => number | undefined;

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

export function zodIssues(
  error: z.ZodError,
  raw: unknown,
  where: { file: string; line?: number; lineOf?: LineOf; prefix?: PathKey[] },
): Issue[] {
  const prefix = where.prefix ?? [];
  const issues: Issue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
    const fields: PathKey[][] =
      issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...path, key]) : [path];
    for (const field of fields) {
      const full = [...prefix, ...field];
      const value = valueAt(raw, field);
      const { expected, message } = describeExpectation(issue, value);
      issues.push({
        file: where.file,
        line: where.lineOf?.(full) ?? where.line,
        field: fieldPath(full) || undefined,
        message,
        expected,
        found: issue.code === 'unrecognized_keys' ? undefined : describeValue(value),
      });
    }
  }
  return issues;
}

function describeExpectation(issue: z.core.$ZodIssue, value: unknown): { expected?: string; message: string } {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined
        ? { expected: String(issue.expected), message: 'required field is missing' }
        : { expected: String(issue.expected), message: 'wrong type' };
    case 'too_small':
      return {
        expected: `${issue.origin === 'string' ? 'length' : issue.origin === 'array' ? 'at least' : ''} ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}${issue.origin === 'array' ? ' entries' : ''}`.replace('at least >=', 'at least').trim(),
        message: issue.origin === 'string' && issue.minimum === 1 ? 'must not be empty' : 'too small',
      };
    case 'too_big':
      return { expected: `${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`, message: 'too big' };
    case 'invalid_format':
      return { expected: issue.message.startsWith('Invalid') ? `a valid ${issue.format}` : issue.message, message: 'wrong format' };
    case 'invalid_value':
      return { expected: issue.values.map((v) => JSON.stringify(v)).join(' | '), message: 'not an allowed value' };
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options))
        return { expected: issue.options.map((v) => JSON.stringify(v)).join(' | '), message: 'unknown kind' };
      return { expected: unionExpectation(issue), message: 'matches none of the allowed forms' };
    case 'unrecognized_keys':
      return { message: 'unknown field (misspelt?)' };
    case 'not_multiple_of':
      return { expected: `a multiple of ${String(issue.divisor)}`, message: 'wrong value' };
    default:
      return { message: issue.message };
  }
}

function unionExpectation(issue: z.core.$ZodIssueInvalidUnion): string | undefined {
  const expected = issue.errors
    .map((branch) => branch.find((b) => b.code === 'invalid_type'))
    .filter((b): b is z.core.$ZodIssueInvalidType => b !== undefined)
    .map((b) => String(b.expected));
  return expected.length ? [...new Set(expected)].join(' or ') : undefined;
}

function valueAt(raw: unknown, path: readonly PathKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PathKey, unknown>)[key];
  }
  return value;
}

/** A short, readable rendering of a user's value for "found ...". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  }
  return `${typeof value} ${String(value)}`;
}
