import { describe, expect, it } from 'vitest';
import { Judgment } from '../record.ts';
import { fastJudgment, isJudgmentRecord } from './fastJudgment.ts';

const base = { task: 't1', v: 1, study: 's', rater: 'r', item: 'i', left: 'a', right: 'b', choice: 'left' };
const full = {
  meta: { judge: 'x', n: [1] }, ...base, score: 0.3, seconds: 2, position: 3, strength: 2, rationale: 'why',
  attention: { passed: true, expected: 'left' }, answeredAt: '2024-01-01T00:00:00.000Z', shownAt: 'x', uaHash: 'h', appVersion: '1', source: 'server',
};

describe('fastJudgment', () => {
  it('returns exactly what zod returns for valid records (fields in schema order, nested objects copied)', () => {
    for (const value of [base, full, { ...base, choice: 'both-bad', score: 0, seconds: 0, position: 1, strength: 0 }]) {
      const fast = fastJudgment(value);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(Judgment.parse(value)));
      expect(Object.keys(fast ?? {})).toEqual(Object.keys(Judgment.parse(value)));
    }
    for (const value of [base, full]) expect(isJudgmentRecord(value)).toBe(true);
    const copy = fastJudgment(full);
    expect(copy?.attention).not.toBe(full.attention);
    expect(copy?.meta).not.toBe(full.meta);
  });

  it('declines every record zod rejects, so the error comes from zod', () => {
    const invalid: unknown[] = [
      null, [], 'x', { ...base, extra: 1 }, { ...base, v: 2 }, { ...base, study: '' }, { ...base, choice: 'up' },
      { ...base, score: 2 }, { ...base, score: null }, { ...base, seconds: -1 }, { ...base, position: 1.5 }, { ...base, position: 0 },
      { ...base, attention: { expected: 'left' } }, { ...base, attention: { expected: 'left', passed: true, x: 1 } },
      { ...base, meta: [] }, { ...base, meta: null }, { ...base, strength: 3 }, { ...base, rationale: 5 }, { ...base, shownAt: null },
      { ...base, left: undefined },
    ];
    for (const value of invalid) {
      expect(Judgment.safeParse(value).success).toBe(false);
      expect(fastJudgment(value)).toBeNull();
      expect(isJudgmentRecord(value)).toBe(false);
    }
  });
});
