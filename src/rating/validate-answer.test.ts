import { describe, expect, it } from 'vitest';
import { Scale } from '../study/schema.ts';
import { validateAnswer } from './validate-answer.ts';

const choiceScale = Scale.parse({});
const fivePoint = Scale.parse({ kind: 'five-point', rationale: 'optional', rationaleMaxLength: 10 });

describe('validateAnswer', () => {
  it('accepts the default choices and drops an empty rationale', () => {
    for (const choice of ['left', 'right', 'tie', 'both-bad'] as const) {
      expect(validateAnswer({ taskId: 't', choice, rationale: '' }, choiceScale)).toEqual({ issues: [], answer: { choice } });
    }
  });

  it('needs a strength that fits the choice on the five-point scale', () => {
    expect(validateAnswer({ taskId: 't', choice: 'left', strength: 2 }, fivePoint).answer).toEqual({ choice: 'left', strength: 2 });
    expect(validateAnswer({ taskId: 't', choice: 'tie', strength: 0 }, fivePoint).answer).toEqual({ choice: 'tie', strength: 0 });
    expect(validateAnswer({ taskId: 't', choice: 'left' }, fivePoint).issues[0].field).toBe('strength');
    expect(validateAnswer({ taskId: 't', choice: 'right', strength: 0 }, fivePoint).issues[0].field).toBe('strength');
    expect(validateAnswer({ taskId: 't', choice: 'tie', strength: 1 }, fivePoint).issues[0].field).toBe('strength');
    expect(validateAnswer({ taskId: 't', choice: 'left', strength: 1 }, choiceScale).issues[0].field).toBe('strength');
  });

  it('reports every problem, with what was expected', () => {
    const scale = Scale.parse({ allowTie: false, rationale: 'off' });
    const { answer, issues } = validateAnswer({ taskId: 't', choice: 'tie', strength: 1, rationale: 'because' }, scale);
    expect(answer).toBeUndefined();
    expect(issues.map((i) => i.field)).toEqual(['choice', 'strength', 'rationale']);
    const long = validateAnswer({ taskId: 't', choice: 'left', strength: 1, rationale: 'x'.repeat(11) }, fivePoint);
    expect(long.issues).toEqual([expect.objectContaining({ field: 'rationale', expected: 'at most 10 characters', found: '11 characters' })]);
  });
});
