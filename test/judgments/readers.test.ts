// The judgment readers on small hand-written files: mapping of each format onto the canonical
// record, counts of rows read / used / dropped, and errors that name file and line.
import { describe, expect, it } from 'vitest';
import { PrefstudyError } from '../../src/errors.ts';
import { detectFormat } from '../../src/judgments/read.ts';
import { readAlpacaEval } from '../../src/judgments/readers/alpacaeval.ts';
import { readArena } from '../../src/judgments/readers/arena.ts';
import { readGenericCsv } from '../../src/judgments/readers/csv.ts';
import { excelSerialToIso, readTulu } from '../../src/judgments/readers/tulu.ts';
import { Judgment } from '../../src/judgments/record.ts';
import { toOutcome } from '../../src/outcomes/outcome.ts';

function caught(f: () => unknown): PrefstudyError {
  try {
    f();
  } catch (err) {
    if (err instanceof PrefstudyError) return err;
    throw err;
  }
  throw new Error('expected a PrefstudyError');
}

const alpacaRow = (preference: unknown, instruction = 'Say hi') => ({
  instruction, output_1: 'hello', generator_1: 'base', output_2: 'hi there', generator_2: 'model', annotator: 'judge', preference,
});

describe('AlpacaEval reader', () => {
  const file = 'annotations.json';
  const text = JSON.stringify([alpacaRow(1), alpacaRow(2, 'b'), alpacaRow(1.5, 'c'), alpacaRow(0, 'd'), alpacaRow(null, 'e'), alpacaRow(1.25, 'f'), alpacaRow(3, 'g')], null, 1);
  const result = readAlpacaEval(file, text);

  it('maps preferences onto choices and soft scores, seen from (model, baseline)', () => {
    expect(result.counts).toEqual({ read: 7, used: 5, dropped: 2, dropReasons: { 'preference is null (no usable judgment)': 1, 'preference outside [1, 2]': 1 } });
    const scores = result.judgments.map((j) => toOutcome(j, 'model', 'base')?.score);
    expect(scores).toEqual([0, 1, 0.5, 0.5, 0.25]);
    expect(result.judgments.map((j) => j.choice)).toEqual(['left', 'right', 'tie', 'tie', 'left']);
    // An AlpacaEval annotator (here named "judge") is an LLM judge: rater judge:<annotator>.
    expect(result.judgments.every((j) => j.left === 'base' && j.right === 'model' && j.rater === 'judge:judge')).toBe(true);
    expect(result.pairs).toEqual([['model', 'base']]);
    for (const j of result.judgments) expect(Judgment.safeParse(j).success).toBe(true);
  });

  it('keeps texts and lengths per item, with the same id for the same instruction', () => {
    const again = readAlpacaEval('other.json', JSON.stringify([alpacaRow(2)]));
    expect(again.judgments[0].item).toBe(result.judgments[0].item);
    expect(result.items.get(result.judgments[0].item)).toMatchObject({ prompt: 'Say hi', lengths: { base: 5, model: 8 } });
  });

  it('names the line of a bad element in a JSON array', () => {
    const bad = JSON.stringify([alpacaRow(1), alpacaRow('often', 'x')], null, 1);
    const err = caught(() => readAlpacaEval(file, bad));
    expect(err.issues[0]).toMatchObject({ file, field: '[1].preference', found: '"often"' });
    expect(bad.split('\n')[(err.issues[0].line ?? 0) - 1].trim()).toBe('{');
    expect(err.issues[0].line).toBeGreaterThan(5);
  });
});

describe('Chatbot Arena reader', () => {
  it('reads JSON lines, CSV and JSON arrays alike', () => {
    const jsonl = '{"model_a":"x","model_b":"y","winner":"model_a","judge":"u1","question_id":"q1","tstamp":1700000000}\n{"model_a":"y","model_b":"x","winner":"tie (bothbad)"}\n';
    const a = readArena('b.jsonl', jsonl);
    expect(a.judgments.map((j) => [j.left, j.right, j.choice, j.rater, j.item])).toEqual([
      ['x', 'y', 'left', 'u1', 'q1'],
      ['y', 'x', 'both-bad', 'arena', 'row-2'],
    ]);
    expect(a.judgments[0].answeredAt).toBe('2023-11-14T22:13:20.000Z');
    // Task ids are the idempotency keys of imported votes: unique per row, stable across reads.
    expect(a.judgments.map((j) => j.task)).toEqual(['arena:b:0', 'arena:b:1']);
    const csv = readArena('b.csv', 'model_a,model_b,winner\nx,y,model_b\nx,y,tie\n');
    expect(csv.judgments.map((j) => j.choice)).toEqual(['right', 'tie']);
    const array = readArena('b.json', JSON.stringify([{ model_a: 'x', model_b: 'y', winner: 'model_a' }]));
    expect(array.counts).toMatchObject({ read: 1, used: 1, dropped: 0 });
  });

  it('rejects a winner value that is not allowed, with its line', () => {
    const err = caught(() => readArena('b.jsonl', '{"model_a":"x","model_b":"y","winner":"model_a"}\n\n{"model_a":"x","model_b":"y","winner":"a"}\n'));
    expect(err.issues[0]).toMatchObject({ file: 'b.jsonl', line: 3, field: 'winner', found: '"a"' });
  });
});

describe('Tülu reader', () => {
  const record = (id: number, evaluator: string, preference: string, timestamp: number) => ({
    id, instance_index: 0, instance_id: 'task_1', prompt: 'p', model_a: 'tulu', model_b: 'chatgpt', completion_a: 'aa', completion_b: 'bbb',
    completion_a_is_acceptable: 'yes', completion_b_is_acceptable: 'no', preference, evaluator, timestamp,
  });

  it('keeps the latest record per (instance, evaluator) and maps the 5-point scale', () => {
    const text = JSON.stringify([record(1, 'ab', 'a-is-better', 45065.5), record(2, 'ab', 'b-is-slightly-better', 45066.5), record(3, 'cd', 'tie', 45065.1)]);
    const r = readTulu('t.json', text);
    expect(r.counts).toMatchObject({ read: 3, used: 2, dropped: 1 });
    expect(r.judgments.map((j) => [j.rater, j.choice, j.strength])).toEqual([
      ['ab', 'right', 1],
      ['cd', 'tie', 0],
    ]);
    expect(r.judgments[0].meta).toMatchObject({ leftAcceptable: true, rightAcceptable: false });
    expect(r.items.get('task_1')).toMatchObject({ prompt: 'p', lengths: { tulu: 2, chatgpt: 3 } });
  });

  it('turns Excel serial days into ISO times', () => {
    expect(excelSerialToIso(45065.54982638889)).toBe('2023-05-19T13:11:45.000Z');
    expect(excelSerialToIso(25569)).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('generic CSV reader and format detection', () => {
  it('reads item, rater, system_a, system_b, choice', () => {
    const r = readGenericCsv('v.csv', 'item,rater,system_a,system_b,choice\np1,r1,x,y,a\np1,r2,x,y,B\np2,r1,x,y,bothbad\n');
    expect(r.judgments.map((j) => j.choice)).toEqual(['left', 'right', 'both-bad']);
  });

  it('tells the formats apart by their fields', () => {
    expect(detectFormat('x.json', JSON.stringify([alpacaRow(1)]))).toBe('alpacaeval');
    expect(detectFormat('x.jsonl', '{"model_a":"x","model_b":"y","winner":"tie"}\n')).toBe('arena');
    expect(detectFormat('x.csv', 'item,rater,system_a,system_b,choice\np,r,x,y,a\n')).toBe('csv');
    const err = caught(() => detectFormat('x.csv', 'a,b\n1,2\n'));
    expect(err.issues[0]).toMatchObject({ file: 'x.csv', found: 'a, b' });
  });
});
