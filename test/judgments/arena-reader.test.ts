// The arena reader has a fast path (plain CSV split by hand, JSON lines one by one, straight into
// columns) and the general one (csv-parse, JSON arrays): the same battles must give the same
// judgments whichever path reads them, and a bad file the error the general reader words.
import { describe, expect, it } from 'vitest';
import { PrefstudyError } from '../../src/errors.ts';
import { readArena } from '../../src/judgments/readers/arena.ts';
import { rngFor } from '../../src/stats/random/rng.ts';

const WINNERS = ['model_a', 'model_b', 'tie', 'tie (bothbad)'];

function battles(n: number, seed: string, withIds: boolean) {
  const rng = rngFor(seed);
  return Array.from({ length: n }, (_, t) => {
    const a = Math.floor(rng() * 5);
    const b = (a + 1 + Math.floor(rng() * 4)) % 5;
    return {
      model_a: `m${a}`,
      model_b: `m${b}`,
      winner: WINNERS[Math.floor(rng() * 4)],
      ...(withIds && rng() < 0.8 ? { question_id: `q${Math.floor(rng() * 30)}` } : {}),
      ...(rng() < 0.5 ? { judge: `u${Math.floor(rng() * 4)}` } : {}),
      ...(rng() < 0.7 ? { tstamp: 1_700_000_000 + t + Math.round(rng() * 1000) / 1000 } : {}),
    };
  });
}

const FIELDS = ['model_a', 'model_b', 'winner', 'question_id', 'judge', 'tstamp'] as const;
const csvOf = (rows: Array<Record<string, unknown>>, quote: boolean) =>
  [FIELDS.join(','), ...rows.map((r) => FIELDS.map((f) => (r[f] === undefined ? '' : quote ? `"${String(r[f])}"` : String(r[f]))).join(','))].join('\n') + '\n';

function caught(f: () => unknown): PrefstudyError {
  try {
    f();
  } catch (error) {
    if (error instanceof PrefstudyError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('arena reader: fast and general paths', () => {
  for (const withIds of [false, true]) {
    it(`reads the same judgments from plain and quoted CSV, JSON lines and a JSON array (${withIds ? 'with' : 'without'} question ids)`, () => {
      const rows = battles(1500, `arena-${withIds}`, withIds);
      const plain = readArena('log', csvOf(rows, false));
      expect(plain.columns).toBeDefined();
      const quoted = readArena('log', csvOf(rows, true));
      const lines = readArena('log', rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const array = readArena('log', JSON.stringify(rows));
      const judgments = plain.judgments;
      expect(judgments).toHaveLength(1500);
      for (const other of [quoted, lines, array]) expect(other.judgments).toEqual(judgments);
      // Unnamed items are row-<n>, padded so that names sort as the rows do.
      if (!withIds) {
        expect(judgments[0].item).toBe('row-0001');
        expect(plain.columns?.itemsInNameOrder).toBe(true);
      }
      expect(judgments[0].task).toBe('arena:log:0');
    });
  }

  it('gives the general reader\'s error for a bad file, whichever path it started on', () => {
    const bad = '{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"x","model_b":"y","winner":"a"}\n{"model_a":"x","winner":"tie"}\n';
    // The general reader checks the fields of every record before any value: line 3 lacks model_b.
    const err = caught(() => readArena('b.jsonl', bad));
    expect(err.issues[0]).toMatchObject({ file: 'b.jsonl', line: 3, field: 'model_b' });
    const csvErr = caught(() => readArena('b.csv', 'model_a,model_b,winner\nx,y,model_a\nx,,tie\n'));
    expect(csvErr.issues[0]).toMatchObject({ file: 'b.csv', line: 3, field: 'model_b', message: 'empty model name' });
    const short = caught(() => readArena('b.csv', 'model_a,model_b,winner\nx,y,model_a\nx,y\n'));
    expect(short.message).toMatch(/not valid CSV/);
    expect(short.issues[0].line).toBe(3);
  });
});

describe('arena reader: plain CSV cells read where they stand', () => {
  it('reads CRLF lines, a byte-order mark, reordered and extra columns, prompt_id and empty cells as the general reader does', () => {
    const header = 'tstamp,judge,extra,winner,prompt_id,model_b,question_id,model_a';
    const rows = [
      '1700000000.5,u1,x,model_a,p1,beta,,alpha',
      ',,,tie (bothbad),,alpha,q7,beta',
      '1700000002,u2,,tie,p2,gamma,q7,alpha',
      '',
      '1700000003,,y,model_b,,beta,,gamma',
    ];
    const plain = readArena('log.csv', `\ufeff${header}\r\n${rows.join('\r\n')}\r\n`);
    // A quoted cell anywhere sends the file to the general reader (csv-parse).
    const general = readArena('log.csv', `\ufeff${header}\r\n${rows.join('\r\n')}\r\n"1700000004",u3,,model_a,,alpha,,beta\r\n`);
    expect(general.judgments.slice(0, 4)).toEqual(plain.judgments);
    expect(plain.judgments.map((j) => [j.left, j.right, j.choice, j.rater, j.item])).toEqual([
      ['alpha', 'beta', 'left', 'u1', 'p1'],
      ['beta', 'alpha', 'both-bad', 'arena', 'q7'],
      ['alpha', 'gamma', 'tie', 'u2', 'q7'],
      ['gamma', 'beta', 'right', 'arena', 'row-4'],
    ]);
    expect(plain.judgments[0].answeredAt).toBe('2023-11-14T22:13:20.500Z');
  });

  it('sends a winner that only looks like a property name to the general reader\'s error', () => {
    const err = caught(() => readArena('w.csv', 'model_a,model_b,winner\nx,y,model_a\nx,y,toString\n'));
    expect(err.issues[0]).toMatchObject({ file: 'w.csv', line: 3, field: 'winner', found: '"toString"' });
  });
});
