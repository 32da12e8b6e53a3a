// Chatbot Arena battle logs (JSON array, JSON lines or CSV): model_a was shown on the left, model_b
// on the right; winner is model_a | model_b | tie | tie (bothbad).
import { PrefstudyError } from '../../errors.ts';
import type { Choice, Judgment } from '../record.ts';
import { JUDGMENT_VERSION } from '../record.ts';
import { describe, detectContainer, readRecords } from './records.ts';
import { type ItemInfo, type ReadResult, emptyCounts } from './types.ts';
import { importedTaskId, requireFields, sha256, studyIdFromFile, text } from './util.ts';

export const ARENA_FIELDS = ['model_a', 'model_b', 'winner'];

const WINNERS: Record<string, Choice> = {
  model_a: 'left',
  model_b: 'right',
  tie: 'tie',
  'tie (bothbad)': 'both-bad',
};

export function readArena(file: string, content: string): ReadResult {
  const container = detectContainer(file, content);
  const records = readRecords(file, content, container);
  requireFields(file, records, ARENA_FIELDS, 'Chatbot Arena battle', container === 'csv');
  const study = studyIdFromFile(file);
  const counts = emptyCounts();
  const judgments: Judgment[] = new Array(records.length);
  const items = new Map<string, ItemInfo>();
  const source = `import:arena:${file}`;

  for (let i = 0; i < records.length; i++) {
    const { line, index, at, fields } = records[i];
    counts.read++;
    const left = text(fields.model_a);
    const right = text(fields.model_b);
    if (!left || !right) {
      throw new PrefstudyError('invalid-input', `${file}: a battle lacks a model name`, [
        { file, line, field: at + (left ? 'model_b' : 'model_a'), message: 'empty model name' },
      ]);
    }
    const choice = WINNERS[String(fields.winner)];
    if (choice === undefined) {
      throw new PrefstudyError('invalid-input', `${file}: winner value not allowed`, [
        { file, line, field: `${at}winner`, message: 'winner value not allowed', expected: 'model_a, model_b, tie or tie (bothbad)', found: describe(fields.winner) },
      ]);
    }
    const item = text(fields.question_id) ?? text(fields.prompt_id) ?? `row-${index + 1}`;
    if (!items.has(item)) items.set(item, { id: item });
    const judgment: Judgment = {
      v: JUDGMENT_VERSION,
      study,
      task: importedTaskId('arena', study, index),
      rater: text(fields.judge) ?? 'arena',
      item,
      left,
      right,
      choice,
      source,
    };
    const tstamp = fields.tstamp === undefined || fields.tstamp === '' ? NaN : Number(fields.tstamp);
    if (Number.isFinite(tstamp)) judgment.answeredAt = new Date(tstamp * 1000).toISOString();
    judgments[i] = judgment;
    counts.used++;
  }
  return { format: 'arena', file, study, judgments, items, counts, sha256: sha256(content) };
}
