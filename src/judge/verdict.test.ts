import { describe, expect, it } from 'vitest';
import { decide, parseVerdict, softPreference, type TokenLogprob, type Verdict } from './verdict.ts';

const said = (reply: string, allowTie = false) => parseVerdict(reply, allowTie)?.said;

/** Tokens spelling `reply`, the one at `letterAt` with these alternatives. */
function tokensOf(pieces: string[], letterIndex: number, top: Array<[string, number]>): TokenLogprob[] {
  return pieces.map((token, i) =>
    i === letterIndex
      ? { token, logprob: Math.log(top.find(([t]) => t === token)?.[1] ?? 0.5), top: top.map(([t, p]) => ({ token: t, logprob: Math.log(p) })) }
      : { token, logprob: -0.001, top: [{ token, logprob: -0.001 }] },
  );
}

describe('parseVerdict', () => {
  it('reads the label the template asks for, in the forms judges write it', () => {
    expect(said('Output (a)')).toBe('a');
    expect(said('Output (b)')).toBe('b');
    expect(said('  **Output (B)**\n')).toBe('b');
    expect(said('output(a).')).toBe('a');
    expect(said('Output [b]')).toBe('b');
    expect(said('Output b')).toBe('b');
    expect(said('"Output (a)"')).toBe('a');
    expect(said('b')).toBe('b');
    expect(said('(A)')).toBe('a');
    expect(said('Verdict: Output (b)')).toBe('b');
  });

  it('takes a leading label over an explanation that names the other side', () => {
    expect(said('Output (a) is better than Output (b) because it is correct.')).toBe('a');
    expect(said('Output (b)\n\nOutput (a) misses the point.')).toBe('b');
  });

  it('leaves a reply unparsed when it names no side, or both without leading with one', () => {
    expect(parseVerdict('', false)).toBeUndefined();
    expect(parseVerdict('Both responses are fine.', false)).toBeUndefined();
    expect(parseVerdict('I think Output (a) is wrong and Output (b) is right', false)).toBeUndefined();
    expect(parseVerdict('The output about cats', false)).toBeUndefined();
    expect(parseVerdict('A tie.', false)).toBeUndefined();
  });

  it('reads "Tie" only from a template that allows it', () => {
    expect(said('Tie', true)).toBe('tie');
    expect(said('Tie', false)).toBeUndefined();
    expect(said('Tie: both are equally good, Output (a) and Output (b)', true)).toBe('tie');
  });

  it('reads what follows a reasoning model\'s thinking, and points at the verdict letter', () => {
    const reply = '<think>Output (a) looks longer, but Output (b) is correct.</think>\nOutput (b)';
    const verdict = parseVerdict(reply, false);
    expect(verdict?.said).toBe('b');
    expect(reply[verdict!.at]).toBe('b');
    expect(reply.slice(verdict!.at - 8, verdict!.at + 2)).toBe('Output (b)');
    expect(parseVerdict('Output (a)', false)).toEqual({ said: 'a', at: 8 });
    expect(parseVerdict('<think>Output (a)', false)).toEqual({ said: 'a', at: 15 });
  });
});

describe('softPreference (AlpacaEval 2-style weighted verdict)', () => {
  const reply = 'Output (a)';
  const verdict = parseVerdict(reply, false) as Verdict;

  it('normalises the mass on a and b at the verdict token: P(a) / (P(a) + P(b)), summed over spellings', () => {
    // 'a' 0.6 and ' A' 0.05 both spell a; 'b' 0.3; 'the' 0.01 spells neither.
    const tokens = tokensOf(['Output', ' (', 'a', ')'], 2, [['a', 0.6], ['b', 0.3], [' A', 0.05], ['the', 0.01]]);
    const soft = softPreference(reply, verdict, tokens);
    expect(soft?.a).toBeCloseTo(0.65, 12);
    expect(soft?.b).toBeCloseTo(0.3, 12);
    expect(soft?.preference).toBeCloseTo(0.65 / 0.95, 12);
  });

  it('counts the chosen token when the server left it out of the top list', () => {
    const tokens = tokensOf(['Output', ' (', 'a', ')'], 2, [['b', 0.25]]);
    tokens[2].logprob = Math.log(0.5);
    const soft = softPreference(reply, verdict, tokens);
    expect(soft?.preference).toBeCloseTo(0.5 / 0.75, 12);
  });

  it('reads a token that carries a bracket with the letter ("(a", "b)")', () => {
    const tokens = tokensOf(['Output', ' (a', ')'], 1, [[' (a', 0.2], [' (b', 0.6]]);
    const soft = softPreference(reply, verdict, tokens);
    expect(soft?.preference).toBeCloseTo(0.2 / 0.8, 12);
  });

  it('is 1 when no alternative spells the other letter', () => {
    const tokens = tokensOf(['Output', ' (', 'a', ')'], 2, [['a', 0.9], ['x', 0.05]]);
    expect(softPreference(reply, verdict, tokens)?.preference).toBe(1);
  });

  it('finds the letter token by its spelling when the tokens do not add up to the reply', () => {
    const tokens = tokensOf(['<s>', 'Output', ' (', 'a', ')'], 3, [['a', 0.7], ['b', 0.2]]);
    expect(softPreference(reply, verdict, tokens)?.preference).toBeCloseTo(0.7 / 0.9, 12);
  });

  it('gives none without log-probabilities, for a tie, or when the verdict token is not a letter', () => {
    expect(softPreference(reply, verdict, undefined)).toBeUndefined();
    expect(softPreference(reply, verdict, [])).toBeUndefined();
    expect(softPreference('Tie', { said: 'tie', at: 0 }, tokensOf(['Tie'], 0, [['Tie', 0.9]]))).toBeUndefined();
    expect(softPreference(reply, verdict, tokensOf(['Output (a)'], 0, [['Output (a)', 0.9]]))).toBeUndefined();
  });
});

describe('decide', () => {
  const a: Verdict = { said: 'a', at: 8 };
  it('maps Output (a) to the left system and keeps the soft preference as its score', () => {
    expect(decide(a, undefined)).toEqual({ choice: 'left' });
    expect(decide({ said: 'b', at: 8 }, undefined)).toEqual({ choice: 'right' });
    expect(decide(a, { a: 0.7, b: 0.2, preference: 0.7 / 0.9 })).toEqual({ choice: 'left', score: 0.7 / 0.9 });
  });

  it('chooses the side with the higher preference, the reply\'s word on an exact half', () => {
    expect(decide(a, { a: 0.3, b: 0.6, preference: 1 / 3 })).toEqual({ choice: 'right', score: 1 / 3 });
    expect(decide(a, { a: 0.4, b: 0.4, preference: 0.5 })).toEqual({ choice: 'left', score: 0.5 });
    expect(decide({ said: 'tie', at: 0 }, undefined)).toEqual({ choice: 'tie' });
  });
});
