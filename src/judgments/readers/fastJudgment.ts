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

/** The record as Judgment.parse would return it, or null when it is (or might be) invalid. */
export function fastJudgment(value: unknown): Judgment | null {
  if (!isPlainObject(value)) return null;
  for (const key in value) if (!KNOWN.has(key)) return null;
  if (value.v !== 1) return null;
  for (const key of REQUIRED_TEXT) {
    const text = value[key];
    if (typeof text !== 'string' || text.length === 0) return null;
  }
  if (typeof value.choice !== 'string' || !CHOICES.has(value.choice)) return null;
  for (const key of OPTIONAL_TEXT) if (key in value && typeof value[key] !== 'string') return null;
  if ('strength' in value && value.strength !== 0 && value.strength !== 1 && value.strength !== 2) return null;
  if ('score' in value && !(finite(value.score) && value.score >= 0 && value.score <= 1)) return null;
  if ('seconds' in value && !(finite(value.seconds) && value.seconds >= 0)) return null;
  if ('position' in value && !(Number.isSafeInteger(value.position) && (value.position as number) >= 1)) return null;
  let attention: Judgment['attention'];
  if ('attention' in value) {
    const a = value.attention;
    if (!isPlainObject(a)) return null;
    for (const key in a) if (key !== 'expected' && key !== 'passed') return null;
    if ((a.expected !== 'left' && a.expected !== 'right') || typeof a.passed !== 'boolean') return null;
    attention = { expected: a.expected, passed: a.passed };
  }
  let meta: Record<string, unknown> | undefined;
  if ('meta' in value) {
    if (!isPlainObject(value.meta) || Object.prototype.hasOwnProperty.call(value.meta, '__proto__')) return null;
    meta = { ...value.meta };
  }
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    if (!(key in value)) continue;
    out[key] = key === 'attention' ? attention : key === 'meta' ? meta : value[key];
  }
  return out as Judgment;
}
