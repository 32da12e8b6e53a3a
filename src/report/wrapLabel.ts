// Long system ids (`meta-llama/Llama-3.1-70B-Instruct:temperature-0.7`) as chart labels: wrapped
// onto lines of at most a given length, so a label column stays narrow and no name is cut off.
// Charts get the lines joined with LINE_BREAK and split them again in the axis' labelExpr: a
// scale's domain values must be strings, and vega draws an array of lines as multi-line text.

export const LINE_BREAK = '\n';

/**
 * Lines are preferably broken after one of these (kept at the end of the line); not after '.',
 * which would split version numbers (`0.95`).
 */
const BREAK_AFTER = new Set([' ', '/', ':', '-', '_', ',', '@']);

/**
 * `text` as lines of at most `width` characters, broken after a space or punctuation where one is
 * near enough to the end of a line (else mid-word). Spaces at the ends of lines are dropped.
 */
export function wrapLabel(text: string, width: number): string[] {
  if (width < 1) throw new RangeError(`wrapLabel: width must be ≥ 1, got ${width}`);
  const lines: string[] = [];
  let rest = text.trim();
  while (rest.length > width) {
    // A space just past the line's end: the line is full words.
    let cut = rest[width] === ' ' ? width : -1;
    // Else a break in the last third of the line, so that lines are not left very short.
    for (let i = width - 1; cut < 0 && i >= Math.floor((width * 2) / 3) - 1 && i >= 0; i--) {
      if (BREAK_AFTER.has(rest[i])) {
        cut = i + 1;
        break;
      }
    }
    if (cut <= 0) cut = width;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || lines.length === 0) lines.push(rest);
  return lines;
}

/** The wrapped label as one string, for a scale domain (see LINE_BREAK). */
export function wrappedLabel(text: string, width: number): string {
  return wrapLabel(text, width).join(LINE_BREAK);
}

/**
 * A pair's label, `a vs b`, on one line when it fits; else each system's name starts a line of its
 * own (`vs b` on the first line of b), so that no name is split between the two.
 */
export function wrappedPairLabel(a: string, b: string, width: number): string {
  const whole = `${a} vs ${b}`;
  if (whole.length <= width) return whole;
  return [...wrapLabel(a, width), ...wrapLabel(`vs ${b}`, width)].join(LINE_BREAK);
}

/** How many lines a wrapped label has. */
export function lineCount(label: string): number {
  return label.split(LINE_BREAK).length;
}
