// docs/report.schema.json, the report's JSON contract, checked against every report the tests make:
// a field added to the report and not to the schema (or the other way round) fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { renderJson } from '../../src/report/json.ts';
import type { Report } from '../../src/report/types.ts';
import { REPO_ROOT } from './shared.ts';

export const REPORT_SCHEMA_FILE = join(REPO_ROOT, 'docs/report.schema.json');

const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8')));

/** Errors of a report against the schema, one line each (empty when it is valid). */
export function reportSchemaErrors(report: Report | string): string[] {
  // A Report object is checked as it is written (NaN as null), a string as it was written.
  const json: unknown = JSON.parse(typeof report === 'string' ? report : renderJson(report));
  if (validate(json)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

export function expectValidReport(report: Report | string): void {
  expect(reportSchemaErrors(report)).toEqual([]);
}
