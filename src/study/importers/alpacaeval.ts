// AlpacaEval model_outputs.json: [{instruction, output, generator, dataset?}]. Rows are keyed by
// instruction (files differ in length and order), never by position.
import { z } from 'zod';
import { parseJsonInput } from './json-input.ts';
import { toSystemId, type Importer, type ParsedRow } from './types.ts';

const Outputs = z
  .array(
    z.object({
      instruction: z.string(),
      output: z.string().nullable(),
      generator: z.string().min(1),
      dataset: z.string().optional(),
    }),
  )
  .min(1);

export const importAlpacaEval: Importer = (text, file, options) => {
  const { value: rows, issues } = parseJsonInput(text, file, Outputs);
  if (!rows) return { systems: [], rows: [], notes: [], issues };
  const generators = [...new Set(rows.map((r) => r.generator))];
  if (generators.length > 1 && !options.systemId)
    return {
      systems: [],
      rows: [],
      notes: [],
      issues: [{ file, field: 'generator', message: 'one file should hold one model\'s outputs (or name the system with --system-ids)', expected: 'a single generator', found: generators.join(', ') }],
    };
  const system = options.systemId ?? toSystemId(generators[0]);
  const parsed: ParsedRow[] = rows.map((row) => ({
    prompt: row.instruction,
    tags: row.dataset ? [row.dataset] : undefined,
    completions: row.output === null ? {} : { [system]: row.output.trim() },
  }));
  return {
    systems: [{ system, generator: generators.join(', ') }],
    rows: parsed,
    notes: [`${file}: ${rows.length} outputs of ${generators.join(', ')} -> system ${system}`],
    issues: [],
  };
};
