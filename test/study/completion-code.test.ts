// The completion code an imported study gets: random, unbiased, easy to type.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COMPLETION_CODE_ALPHABET, COMPLETION_CODE_PATTERN, buildStudy, codeInUrl, completionCodeFrom } from '../../src/study/build-study.ts';
import type { JoinResult } from '../../src/study/join.ts';

describe('completionCodeFrom', () => {
  it('formats 8 random bytes as PS-XXXX-XXXX from 32 symbols without 0, O, 1 or I', () => {
    expect(COMPLETION_CODE_ALPHABET).toHaveLength(32);
    expect(COMPLETION_CODE_ALPHABET).not.toMatch(/[01OI]/);
    expect(completionCodeFrom(Uint8Array.from([0, 1, 2, 3, 28, 29, 30, 31]))).toBe('PS-2345-WXYZ');
    // Only the low 5 bits count, so every symbol is equally likely.
    expect(completionCodeFrom(Uint8Array.from([32, 64, 96, 128, 160, 192, 224, 255]))).toBe('PS-2222-222Z');
    expect(() => completionCodeFrom(new Uint8Array(7))).toThrow(RangeError);
  });

  it('gives a different code each time from crypto random bytes', () => {
    const codes = Array.from({ length: 1000 }, () => completionCodeFrom(randomBytes(8)));
    for (const code of codes) expect(code).toMatch(COMPLETION_CODE_PATTERN);
    expect(new Set(codes).size).toBe(1000);
    // Every symbol of the alphabet shows up (8000 draws of 32 symbols).
    expect(new Set(codes.join('').replace(/PS|-/g, ''))).toEqual(new Set(COMPLETION_CODE_ALPHABET));
  });
});

describe('codeInUrl', () => {
  it("reads Prolific's cc parameter", () => {
    expect(codeInUrl('https://app.prolific.com/submissions/complete?cc=C1X2Y3Z4')).toBe('C1X2Y3Z4');
    expect(codeInUrl('https://example.org/done')).toBeUndefined();
    expect(codeInUrl('https://example.org/done?cc=')).toBeUndefined();
    expect(codeInUrl('not a url')).toBeUndefined();
  });
});

describe('buildStudy', () => {
  const joined: JoinResult = {
    systems: [{ system: 'a' }, { system: 'b' }],
    rows: [{ id: 'x', prompt: 'p', completions: { a: '1', b: '2' } }],
    dropped: [],
    emptyKept: [],
    issues: [],
  } as unknown as JoinResult;
  const provenance = { importer: 'jsonl', importedAt: '2024-01-01T00:00:00.000Z', sources: [] };

  it('writes the completion it is given', () => {
    const { study } = buildStudy(joined, { id: 's', provenance, completion: { code: 'PS-2345-WXYZ', redirectUrl: 'https://example.org/done?cc=PS-2345-WXYZ' } });
    expect(study.completion).toEqual({ code: 'PS-2345-WXYZ', redirectUrl: 'https://example.org/done?cc=PS-2345-WXYZ' });
  });
});
