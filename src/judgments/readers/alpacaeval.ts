// AlpacaEval annotation files: generator_1 (the baseline) was shown first = left, generator_2 (the
// model) right. preference 1 = baseline preferred, 2 = model preferred, 1.5 = draw (legacy 0 = draw),
// null = no usable judgment; values strictly between 1 and 2 are a judge's expected preference.
import { PrefstudyError } from '../../errors.ts';
import type { Judgment } from '../record.ts';
import { JUDGMENT_VERSION } from '../record.ts';
import { readRecords, describe } from './records.ts';
import { type ItemInfo, type ReadResult, drop, emptyCounts } from './types.ts';
import { importedTaskId, promptId, requireFields, sha256, studyIdFromFile, text } from './util.ts';
import { judgeRaterId } from '../raterKind.ts';

export const ALPACAEVAL_FIELDS = ['instruction', 'generator_1', 'generator_2', 'preference'];

export function readAlpacaEval(file: string, content: string): ReadResult {
  const records = readRecords(file, content);
  requireFields(file, records, ALPACAEVAL_FIELDS, 'AlpacaEval annotation');
  const study = studyIdFromFile(file);
  const counts = emptyCounts();
  const judgments: Judgment[] = [];
  const items = new Map<string, ItemInfo>();
  const pairs = new Map<string, [string, string]>();
  const source = `import:alpacaeval:${file}`;

  for (const { line, index, at, fields } of records) {
    counts.read++;
    const baseline = text(fields.generator_1);
    const model = text(fields.generator_2);
    const instruction = text(fields.instruction);
    if (!baseline || !model || !instruction) {
      throw new PrefstudyError('invalid-input', `${file}: a record lacks its generators or instruction`, [
        { file, line, field: at + (!baseline ? 'generator_1' : !model ? 'generator_2' : 'instruction'), message: 'empty' },
      ]);
    }
    const raw = fields.preference;
    if (raw === null || raw === undefined || raw === '') {
      drop(counts, 'preference is null (no usable judgment)');
      continue;
    }
    let preference = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(preference)) {
      throw new PrefstudyError('invalid-input', `${file}: a preference is not a number`, [
        { file, line, field: `${at}preference`, message: 'not a number', expected: '1, 1.5, 2 or a value in [1, 2]', found: describe(raw) },
      ]);
    }
    if (preference === 0) preference = 1.5; // legacy draw
    if (preference < 1 || preference > 2) {
      drop(counts, 'preference outside [1, 2]');
      continue;
    }
    const item = promptId(instruction);
    if (!items.has(item)) {
      const out1 = text(fields.output_1);
      const out2 = text(fields.output_2);
      const lengths: Record<string, number> = {};
      if (out1 !== undefined) lengths[baseline] = out1.length;
      if (out2 !== undefined) lengths[model] = out2.length;
      items.set(item, { id: item, prompt: instruction, lengths, tags: text(fields.dataset) ? [String(fields.dataset)] : undefined });
    }
    pairs.set(`${model}\u0000${baseline}`, [model, baseline]);
    const leftScore = 2 - preference;
    const choice = preference === 1 ? 'left' : preference === 2 ? 'right' : preference === 1.5 ? 'tie' : leftScore > 0.5 ? 'left' : leftScore < 0.5 ? 'right' : 'tie';
    const judgment: Judgment = {
      v: JUDGMENT_VERSION,
      study,
      task: importedTaskId('alpacaeval', study, index),
      // An AlpacaEval annotator is an LLM judge: its verdicts are set beside people's, not counted as theirs.
      rater: judgeRaterId(text(fields.annotator) ?? 'alpacaeval'),
      item,
      left: baseline,
      right: model,
      choice,
      source,
    };
    if (preference !== 1 && preference !== 2 && preference !== 1.5) judgment.score = leftScore;
    const meta: Record<string, unknown> = {};
    if (fields.dataset !== undefined) meta.dataset = fields.dataset;
    // The judge's API latency, not a rater's reading time: kept as a fact, not used for rater flags.
    if (typeof fields.time_per_example === 'number') meta.judgeSeconds = fields.time_per_example;
    if (Object.keys(meta).length > 0) judgment.meta = meta;
    judgments.push(judgment);
    counts.used++;
  }
  return { format: 'alpacaeval', file, study, judgments, items, counts, pairs: [...pairs.values()], sha256: sha256(content) };
}
