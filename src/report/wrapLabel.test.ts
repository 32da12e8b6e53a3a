import { describe, expect, it } from 'vitest';
import { lineCount, wrapLabel, wrappedPairLabel } from './wrapLabel.ts';

const LONG = 'meta-llama/Llama-3.1-70B-Instruct:temperature-0.7-top-p-0.95-with-system-prompt-v2';

describe('wrapLabel', () => {
  it('leaves a short label whole', () => {
    expect(wrapLabel('gpt-4', 30)).toEqual(['gpt-4']);
    expect(wrapLabel('', 30)).toEqual(['']);
  });

  it('breaks a long id after punctuation, every line within the width, nothing lost', () => {
    const lines = wrapLabel(LONG, 30);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
    expect(lines.join('')).toBe(LONG);
    // Each line but the last ends where the id has a natural break.
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/[-/:_]$/);
  });

  it('does not split a version number at its dot', () => {
    for (const line of wrapLabel(LONG, 30)) expect(line).not.toMatch(/\.$/);
  });

  it('breaks mid-word when there is no break near the end of the line, and drops spaces at line ends', () => {
    expect(wrapLabel('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapLabel('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
  });

  it('refuses a width below one character', () => {
    expect(() => wrapLabel('x', 0)).toThrow(RangeError);
  });
});

describe('wrappedPairLabel', () => {
  it('is one line when the pair fits, else starts the opponent on a line of its own', () => {
    expect(wrappedPairLabel('a', 'b', 30)).toBe('a vs b');
    const label = wrappedPairLabel(LONG, 'gpt-3.5-turbo-0613', 30);
    expect(label.split('\n').at(-1)).toBe('vs gpt-3.5-turbo-0613');
    expect(lineCount(label)).toBe(wrapLabel(LONG, 30).length + 1);
  });
});
