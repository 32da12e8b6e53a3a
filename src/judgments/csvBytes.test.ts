import { describe, expect, it } from 'vitest';
import { CsvByteRows } from './csvBytes.ts';

/** Writes rows of text cells with the given chunk size; returns the chunks as strings. */
function chunksOf(rows: string[][], chunkBytes: number, how: 'text' | 'repeated' = 'text'): string[] {
  const out = new CsvByteRows(chunkBytes);
  const chunks: string[] = [];
  for (const row of rows) {
    out.startRow(row.length);
    row.forEach((cell, i) => {
      if (i > 0) out.comma();
      out[how](cell);
    });
    out.endRow();
    if (out.hasFull()) for (const c of out.takeFull()) chunks.push(Buffer.from(c).toString('utf8'));
  }
  const rest = out.rest();
  if (rest) chunks.push(rest.toString('utf8'));
  return chunks;
}

// Cells longer than a row's room for short cells (256 units) make room themselves.
const long = '"é'.repeat(700);
const rows = [
  ['plain', 'with,comma', 'with "quote"'],
  ['line\nbreak', 'carriage\rreturn', 'héllo wörld ✓'],
  ['', 'x'.repeat(50), '"'],
  [long, 'y'.repeat(300), long],
];
const longCell = `"${'""é'.repeat(700)}"`;
const expected =
  'plain,"with,comma","with ""quote"""\n"line\nbreak","carriage\rreturn",héllo wörld ✓\n,' + 'x'.repeat(50) + ',""""\n' +
  `${longCell},${'y'.repeat(300)},${longCell}\n`;

describe('CsvByteRows', () => {
  it('quotes cells as RFC 4180 asks and encodes UTF-8, by both cell paths', () => {
    expect(chunksOf(rows, 1 << 20).join('')).toBe(expected);
    expect(chunksOf(rows, 1 << 20, 'repeated').join('')).toBe(expected);
  });

  it('writes repeated cells right once their arena is full (then as plain text)', () => {
    // 120,000 distinct values of 10 bytes overflow the 1 MB arena of repeated cells.
    const values = Array.from({ length: 120_000 }, (_, i) => `v${String(i).padStart(9, '0')}`);
    const rows = values.map((v, i) => [v, values[(i * 7919) % values.length], 'same']);
    expect(chunksOf(rows, 1 << 16, 'repeated').join('')).toBe(rows.map((r) => r.join(',')).join('\n') + '\n');
  });

  it('hands out chunks of whole rows, also when a row is longer than a chunk', () => {
    for (const size of [1, 7, 16, 40, 64]) {
      const chunks = chunksOf(rows, size);
      expect(chunks.join('')).toBe(expected);
      for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
      expect(chunks.length).toBeGreaterThan(1);
    }
  });

  it('has nothing to hand out before a row ends', () => {
    const out = new CsvByteRows(4);
    out.startRow(1);
    out.text('a long cell that does not fit');
    expect(out.hasFull()).toBe(false);
    expect(out.rest()).toBeNull();
  });

  it('refuses a row that outgrew the room made for it, instead of dropping bytes', () => {
    const out = new CsvByteRows(64);
    out.startRow(0);
    for (let i = 0; i < 40; i++) out.text('abcdefghij');
    expect(() => out.endRow()).toThrow(/startRow/);
  });
});
