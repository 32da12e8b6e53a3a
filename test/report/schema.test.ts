// The schema itself: that it is a schema, and that it would catch a report that breaks the contract.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/model.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import type { ReadResult } from '../../src/judgments/read.ts';
import { REPORT_SCHEMA_FILE, expectValidReport, reportSchemaErrors } from '../support/reportSchema.ts';

function source(): ReadResult {
  const judgments: Judgment[] = [];
  for (let i = 0; i < 30; i++) {
    for (const [left, right] of [['x', 'y'], ['y', 'z'], ['x', 'z']]) {
      judgments.push({ v: 1, study: 's', task: `t${judgments.length}`, rater: `r${i % 3}`, item: `i${i % 10}`, left, right, choice: (i * 7) % 3 === 0 ? 'right' : 'left', seconds: 12 });
    }
  }
  return { format: 'csv', file: 'mem.csv', study: 's', judgments, items: new Map(), counts: { read: judgments.length, used: judgments.length, dropped: 0, dropReasons: {} } };
}

describe('docs/report.schema.json', () => {
  it('is a JSON Schema (2020-12) that describes every top-level field', async () => {
    const schema = JSON.parse(await readFile(REPORT_SCHEMA_FILE, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual([...schema.required].sort());
  });

  it('accepts a report of three systems and rejects one that breaks the contract', async () => {
    const report = await buildReport({ sources: [source()], settings: { resamples: 100 }, generatedAt: 'T' });
    expectValidReport(report);
    const text = JSON.stringify(report);
    const broken = (change: (r: Record<string, unknown> & typeof report) => void) => {
      const copy = JSON.parse(text);
      change(copy);
      return reportSchemaErrors(JSON.stringify(copy));
    };
    expect(broken((r) => delete (r as Partial<typeof r>).headline).join('\n')).toMatch(/headline/);
    expect(broken((r) => (r.extra = 1)).join('\n')).toMatch(/additional/);
    expect(broken((r) => (r.pairs[0].winRateCI = [0.2, 1.4])).join('\n')).toMatch(/winRateCI\/1/);
    expect(broken((r) => (r.settings.cluster = 'item' as never)).join('\n')).toMatch(/cluster/);
    expect(broken((r) => ((r.agreement as { raterPairs: unknown[] }).raterPairs = [{ a: 'r0' }])).join('\n')).toMatch(/raterPairs\/0/);
  });
});
