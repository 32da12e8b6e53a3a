// A hand-written check of the canonical Judgment record for the hot loop of reading a study's log:
// a valid record is copied the way zod would (fields in schema order, nested objects copied); any
// doubt returns null and the caller asks zod, so errors keep zod's wording and paths.
import { Judgment } from '../record.ts';

const KEYS = Object.keys(Judgment.shape);
const KNOWN = new Set(KEYS);
const REQUIRED_TEXT = ['study', 'task', 'rater', 'item', 'left', 'right'];
const OPTIONAL_TEXT = ['rationale', 'shownAt', 'answeredAt', 'uaHash', 'appVersion', 'source'];
const CHOICES = new Set(['left', 'right', 'tie', 'both-bad']);

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Whether a parsed value is a valid Judgment record as it stands (no unknown fields, every field of
 * the right kind). False means "ask zod": it may still be valid, and zod words the problem.
 */
export function isJudgmentRecord(value: unknown): value is Judgment {
  if (!isPlainObject(value)) return false;
  for (const key in value) if (!KNOWN.has(key)) return false;
  if (value.v !== 1) return false;
  for (const key of REQUIRED_TEXT) {
    const text = value[key];
    if (typeof text !== 'string' || text.length === 0) return false;
  }
  if (typeof value.choice !== 'string' || !CHOICES.has(value.choice)) return false;
  for (const key of OPTIONAL_TEXT) if (key in value && typeof value[key] !== 'string') return false;
  if ('strength' in value && value.strength !== 0 && value.strength !== 1 && value.strength !== 2) return false;
  if ('score' in value && !(finite(value.score) && value.score >= 0 && value.score <= 1)) return false;
  if ('seconds' in value && !(finite(value.seconds) && value.seconds >= 0)) return false;
  if ('position' in value && !(Number.isSafeInteger(value.position) && (value.position as number) >= 1)) return false;
  if ('attention' in value) {
    const a = value.attention;
    if (!isPlainObject(a)) return false;
    for (const key in a) if (key !== 'expected' && key !== 'passed') return false;
    if ((a.expected !== 'left' && a.expected !== 'right') || typeof a.passed !== 'boolean') return false;
  }
  if ('meta' in value && (!isPlainObject(value.meta) || Object.prototype.hasOwnProperty.call(value.meta, '__proto__'))) return false;
  return true;
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
