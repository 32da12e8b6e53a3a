import { describe, expect, it } from 'vitest';
import { BUNDLED_FONT_FILES } from './bundledFont.ts';
import { loadFontMetrics } from './fontMetrics.ts';

// DejaVu Sans 2.37 has 2048 units per em; advance widths from its hmtx table (also what
// `fc-query`/FontForge show): digits 1303, 'i' 569, 'W' 2025, space 651; bold digits 1425.
const regular = loadFontMetrics(BUNDLED_FONT_FILES.regular);
const bold = loadFontMetrics(BUNDLED_FONT_FILES.bold);

describe('loadFontMetrics (DejaVu Sans)', () => {
  it("reads each character's advance width from the font", () => {
    expect(regular.width('0', 2048)).toBe(1303);
    expect(regular.width('i', 2048)).toBe(569);
    expect(regular.width('W', 2048)).toBe(2025);
    expect(regular.width(' ', 2048)).toBe(651);
    expect(bold.width('0', 2048)).toBe(1425);
  });

  it('adds the characters up, in proportion to the size', () => {
    expect(regular.width('100%', 12)).toBeCloseTo(regular.width('1', 12) * 3 + regular.width('%', 12), 10);
    expect(regular.width('Pair', 24)).toBeCloseTo(2 * regular.width('Pair', 12), 10);
    expect(regular.width('', 12)).toBe(0);
  });

  it('measures characters beyond the basic Latin ones (≥, –, ½) and ones the font lacks', () => {
    for (const ch of ['≥', '–', '½', 'é']) expect(regular.width(ch, 12)).toBeGreaterThan(3);
    // Missing from DejaVu Sans: counted as its .notdef box rather than as nothing.
    expect(regular.width('😀', 12)).toBeGreaterThan(0);
  });

  it('is narrower than vega’s guess of 0.8 em a character for an ordinary label', () => {
    const label = 'meta-llama/Llama-3.1-70B-Instruct';
    expect(regular.width(label, 12)).toBeLessThan(0.8 * 12 * label.length);
  });
});
