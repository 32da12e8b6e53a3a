// The Tülu 1 human evaluation (allenai/open-instruct human_eval): a 5-point preference between
// model_a (shown as "A", left) and model_b, per-side acceptability, evaluator initials, Excel
// serial timestamps. As the published compute_metrics.py does, only the latest record of each
// evaluator per instance is kept.
import { PrefstudyError } from '../../errors.ts';
import type { Choice, Judgment } from '../record.ts';
import { JUDGMENT_VERSION } from '../record.ts';
import { describe, readRecords } from './records.ts';
import { type ItemInfo, type ReadResult, drop, emptyCounts } from './types.ts';
import { importedTaskId, requireFields, sha256, studyIdFromFile, text } from './util.ts';

export const TULU_FIELDS = ['instance_index', 'instance_id', 'model_a', 'model_b', 'preference', 'evaluator'];

const PREFERENCES: Record<string, { choice: Choice; strength: 0 | 1 | 2 }> = {
  'a-is-better': { choice: 'left', strength: 2 },
  'a-is-slightly-better': { choice: 'left', strength: 1 },
  tie: { choice: 'tie', strength: 0 },
  'b-is-slightly-better': { choice: 'right', strength: 1 },
  'b-is-better': { choice: 'right', strength: 2 },
};

/** Excel serial day number (1900 date system, valid after 1900-03-01) to ISO 8601 UTC. */
export function excelSerialToIso(serial: number): string {
  const EPOCH_1970 = 25569; // the serial of 1970-01-01
  return new Date(Math.round((serial - EPOCH_1970) * 86_400_000)).toISOString();
}

interface TuluInstance {
  id: string;
  prompt: string;
  completions: Array<{ model: string; completion: string }>;
}

/** `instances` is the text of eval_instances_tulu_1.jsonl when available (the trustworthy texts). */
export function readTulu(file: string, content: string, instances?: string): ReadResult {
  const records = readRecords(file, content);
  requireFields(file, records, TULU_FIELDS, 'Tülu human-evaluation');
  const study = studyIdFromFile(file);
  const counts = emptyCounts();
  const source = `import:tulu:${file}`;
  const texts = instances ? parseInstances(instances) : [];

  const parsed: Array<{ judgment: Judgment; key: string; time: number; order: number }> = [];
  for (const { line, index, at, fields } of records) {
    counts.read++;
    const left = text(fields.model_a);
    const right = text(fields.model_b);
    const rater = text(fields.evaluator);
    const item = text(fields.instance_id);
    if (!left || !right || !rater || !item) {
      throw new PrefstudyError('invalid-input', `${file}: a record lacks a required value`, [
        { file, line, field: at + (!left ? 'model_a' : !right ? 'model_b' : !rater ? 'evaluator' : 'instance_id'), message: 'empty' },
      ]);
    }
    const pref = PREFERENCES[String(fields.preference)];
    if (pref === undefined) {
      throw new PrefstudyError('invalid-input', `${file}: preference value not allowed`, [
        { file, line, field: `${at}preference`, message: 'preference value not allowed', expected: Object.keys(PREFERENCES).join(', '), found: describe(fields.preference) },
      ]);
    }
    const serial = Number(fields.timestamp);
    const time = Number.isFinite(serial) ? serial : -Infinity;
    const meta: Record<string, unknown> = { instanceIndex: Number(fields.instance_index) };
    if (fields.id !== undefined) meta.recordId = fields.id;
    const accLeft = acceptability(fields.completion_a_is_acceptable);
    const accRight = acceptability(fields.completion_b_is_acceptable);
    if (accLeft !== undefined) meta.leftAcceptable = accLeft;
    if (accRight !== undefined) meta.rightAcceptable = accRight;
    const judgment: Judgment = {
      v: JUDGMENT_VERSION,
      study,
      task: importedTaskId('tulu', study, String(fields.id ?? index)),
      rater,
      item,
      left,
      right,
      choice: pref.choice,
      strength: pref.strength,
      source,
      meta,
    };
    if (Number.isFinite(serial)) judgment.answeredAt = excelSerialToIso(serial);
    parsed.push({ judgment, key: `${fields.instance_index}\u0000${rater}`, time, order: index });
  }

  // Latest record per (instance, evaluator); a later row wins a tie in time.
  const latest = new Map<string, (typeof parsed)[number]>();
  for (const p of parsed) {
    const seen = latest.get(p.key);
    if (seen === undefined || p.time >= seen.time) {
      if (seen !== undefined) drop(counts, 'superseded by a later record of the same evaluator on the same instance');
      latest.set(p.key, p);
    } else drop(counts, 'superseded by a later record of the same evaluator on the same instance');
  }
  const kept = [...latest.values()].sort((x, y) => x.order - y.order).map((p) => p.judgment);
  counts.used = kept.length;

  const items = new Map<string, ItemInfo>();
  for (const inst of texts) {
    const info = items.get(inst.id) ?? { id: inst.id, prompt: inst.prompt, lengths: {} };
    for (const c of inst.completions) if (info.lengths) info.lengths[c.model] = c.completion.length;
    items.set(inst.id, info);
  }
  for (const { fields } of records) {
    const id = String(fields.instance_id);
    if (items.has(id)) continue;
    const lengths: Record<string, number> = {};
    const a = text(fields.completion_a);
    const b = text(fields.completion_b);
    if (a !== undefined) lengths[String(fields.model_a)] = a.length;
    if (b !== undefined) lengths[String(fields.model_b)] = b.length;
    items.set(id, { id, prompt: text(fields.prompt), lengths });
  }
  return { format: 'tulu', file, study, judgments: kept, items, counts, sha256: sha256(content) };
}

function acceptability(value: unknown): boolean | undefined {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return undefined;
}

function parseInstances(content: string): TuluInstance[] {
  const out: TuluInstance[] = [];
  for (const line of content.split('\n')) {
    if (!line.trim()) continue;
    try {
      const x = JSON.parse(line) as Partial<TuluInstance>;
      if (typeof x.id === 'string' && typeof x.prompt === 'string' && Array.isArray(x.completions)) out.push(x as TuluInstance);
    } catch {
      // The instances file only adds texts; a bad line there must not block the votes.
    }
  }
  return out;
}
