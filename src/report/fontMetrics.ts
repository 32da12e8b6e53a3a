// Widths of text in a TrueType font, read from its own tables (cmap: character -> glyph; hmtx:
// glyph -> advance width), so that charts are laid out for the font they are drawn with instead
// of vega's guess of 0.8 em per character (about a third too wide, which left blank margins and
// hid axis labels that had room). Kerning is left out: it only ever makes text narrower.
import { readFileSync } from 'node:fs';

export interface FontMetrics {
  /** Width of `text` at `size` px, in px. */
  width(text: string, size: number): number;
}

interface Table {
  offset: number;
  length: number;
}

function tables(font: DataView): Map<string, Table> {
  const count = font.getUint16(4);
  const found = new Map<string, Table>();
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(font.getUint8(at), font.getUint8(at + 1), font.getUint8(at + 2), font.getUint8(at + 3));
    found.set(tag, { offset: font.getUint32(at + 8), length: font.getUint32(at + 12) });
  }
  return found;
}

function table(all: Map<string, Table>, tag: string, file: string): Table {
  const t = all.get(tag);
  if (!t) throw new Error(`${file}: no '${tag}' table (not a TrueType font?)`);
  return t;
}

/** Character -> glyph from a cmap subtable of format 4 (the Basic Multilingual Plane). */
function format4(font: DataView, at: number): (code: number) => number {
  const segments = font.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (code) => {
    if (code > 0xffff) return 0;
    for (let s = 0; s < segments; s++) {
      if (code > font.getUint16(ends + 2 * s)) continue;
      const start = font.getUint16(starts + 2 * s);
      if (code < start) return 0;
      const delta = font.getUint16(deltas + 2 * s);
      const rangeOffset = font.getUint16(rangeOffsets + 2 * s);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const glyph = font.getUint16(rangeOffsets + 2 * s + rangeOffset + 2 * (code - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** Character -> glyph from a cmap subtable of format 12 (all of Unicode, in groups). */
function format12(font: DataView, at: number): (code: number) => number {
  const groups = font.getUint32(at + 12);
  return (code) => {
    for (let g = 0; g < groups; g++) {
      const group = at + 16 + 12 * g;
      const first = font.getUint32(group);
      if (code >= first && code <= font.getUint32(group + 4)) return font.getUint32(group + 8) + (code - first);
    }
    return 0;
  };
}

/** The font's Unicode character map: format 12 when it has one, else format 4. */
function characterMap(font: DataView, cmap: Table, file: string): (code: number) => number {
  const subtables = font.getUint16(cmap.offset + 2);
  let bmp: number | null = null;
  for (let i = 0; i < subtables; i++) {
    const record = cmap.offset + 4 + 8 * i;
    const platform = font.getUint16(record);
    const encoding = font.getUint16(record + 2);
    const at = cmap.offset + font.getUint32(record + 4);
    const format = font.getUint16(at);
    if (format === 12 && (platform === 0 || (platform === 3 && encoding === 10))) return format12(font, at);
    if (format === 4 && (platform === 0 || (platform === 3 && encoding === 1))) bmp ??= at;
  }
  if (bmp === null) throw new Error(`${file}: no Unicode character map`);
  return format4(font, bmp);
}

export function loadFontMetrics(file: string): FontMetrics {
  const bytes = readFileSync(file);
  const font = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const all = tables(font);
  const unitsPerEm = font.getUint16(table(all, 'head', file).offset + 18);
  const longMetrics = font.getUint16(table(all, 'hhea', file).offset + 34);
  const hmtx = table(all, 'hmtx', file).offset;
  const glyphOf = characterMap(font, table(all, 'cmap', file), file);
  // Glyphs past the long metrics share the last advance width.
  const advance = (glyph: number) => font.getUint16(hmtx + 4 * Math.min(glyph, longMetrics - 1));
  const ems = new Map<number, number>();
  const em = (code: number) => {
    let width = ems.get(code);
    if (width === undefined) {
      // A character the font lacks is drawn by a fallback font: counted as its .notdef box.
      width = advance(glyphOf(code)) / unitsPerEm;
      ems.set(code, width);
    }
    return width;
  };
  return {
    width(text, size) {
      let total = 0;
      for (const ch of text) total += em(ch.codePointAt(0) ?? 0);
      return total * size;
    },
  };
}
