// A hand-written check of the canonical Judgment record for the hot loop of reading a study's log:
// a valid record is copied the way zod would (fields in schema order, nested objects copied); any
// doubt returns null and the caller asks zod, so errors keep zod's wording and paths.
import { Judgment } from '../record.ts';

const KEYS = Object.keys(Judgment.shape);
const KNOWN = new Set(KEYS);

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Whether a parsed value is a valid Judgment record as it stands (no unknown fields, every field of
 * the right kind). False means "ask zod": it may still be valid, and zod words the problem. Fields
 * are read by name, not through a list of names: this runs once per line of a million-line log.
 */
export function isJudgmentRecord(value: unknown): value is Judgment {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) if (!KNOWN.has(keys[i])) return false;
  const j = value as { [K in keyof Judgment]?: unknown };
  if (j.v !== 1) return false;
  if (!text(j.study) || !text(j.task) || !text(j.rater) || !text(j.item) || !text(j.left) || !text(j.right)) return false;
  if (j.choice !== 'left' && j.choice !== 'right' && j.choice !== 'tie' && j.choice !== 'both-bad') return false;
  if (!optionalString(j.rationale) || !optionalString(j.shownAt) || !optionalString(j.answeredAt)) return false;
  if (!optionalString(j.uaHash) || !optionalString(j.appVersion) || !optionalString(j.source)) return false;
  if (j.strength !== undefined && j.strength !== 0 && j.strength !== 1 && j.strength !== 2) return false;
  if (j.score !== undefined && !(finite(j.score) && j.score >= 0 && j.score <= 1)) return false;
  if (j.seconds !== undefined && !(finite(j.seconds) && j.seconds >= 0)) return false;
  if (j.position !== undefined && !(Number.isSafeInteger(j.position) && (j.position as number) >= 1)) return false;
  if (j.attention !== undefined) {
    const a = j.attention;
    if (!isPlainObject(a)) return false;
    for (const key in a) if (key !== 'expected' && key !== 'passed') return false;
    if ((a.expected !== 'left' && a.expected !== 'right') || typeof a.passed !== 'boolean') return false;
  }
  if (j.meta !== undefined && (!isPlainObject(j.meta) || Object.prototype.hasOwnProperty.call(j.meta, '__proto__'))) return false;
  return true;
}

function text(x: unknown): boolean {
  return typeof x === 'string' && x.length > 0;
}

function optionalString(x: unknown): boolean {
  return x === undefined || typeof x === 'string';
}

/** The record as Judgment.parse would return it (a copy, fields in schema order), or null when in doubt. */
export function fastJudgment(value: unknown): Judgment | null {
  if (!isJudgmentRecord(value)) return null;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    if (!(key in source)) continue;
    const field = source[key];
    if (key === 'attention') {
      const { expected, passed } = field as NonNullable<Judgment['attention']>;
      out[key] = { expected, passed };
    } else {
      out[key] = key === 'meta' ? { ...(field as object) } : field;
    }
  }
  return out as Judgment;
}
