// Number formatting shared by the Markdown and HTML renderers.
import type { Interval } from '../stats/types.ts';

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`;
}

export function interval(ci: Interval | null | undefined, digits = 1): string {
  if (!ci || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return '–';
  return `[${(ci[0] * 100).toFixed(digits)}, ${(ci[1] * 100).toFixed(digits)}]`;
}

export function num(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 0.001) return '<0.001';
  return p.toPrecision(2);
}

export function ratingInterval(ci: Interval | null | undefined): string {
  if (!ci || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return '–';
  return `[${Math.round(ci[0])}, ${Math.round(ci[1])}]`;
}

/** "1" or "1–3". */
export function rankRange(range: [number, number]): string {
  return range[0] === range[1] ? String(range[0]) : `${range[0]}–${range[1]}`;
}
