// The JSON report: the contract, pretty-printed, NaN and infinities as null.
import type { Report } from './types.ts';

export function renderJson(report: Report): string {
  return JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2) + '\n';
}
