// `prefstudy validate` and `prefstudy import` as a user runs them: exit codes, stderr, and nothing written on error.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function prefstudy(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile('node', ['bin/prefstudy.js', ...args], { cwd: REPO_ROOT }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'prefstudy-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const rows = (pairs: Array<[string, string]>, generator: string) => JSON.stringify(pairs.map(([instruction, output]) => ({ instruction, output, generator })), null, 2);

describe('prefstudy validate', () => {
  it('passes the example study and prints a summary', async () => {
    const run = await prefstudy('validate', 'studies/example');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('systems (3): aurora-7b:greedy, borealis-13b:nucleus, cirrus-chat:default');
    expect(run.stdout).toMatch(/votes wanted: \d+/);
  });

  it('prints every problem with file and line, and exits 1', async () => {
    const dir = join(root, 'broken-study');
    await mkdir(dir);
    await writeFile(join(dir, 'study.json'), JSON.stringify({ id: 'b', title: 'T', instructions: 'I', systems: ['a', 'b'], design: { kind: 'all-pairs' }, seed: 1 }));
    const item = (id: string, completions: object) => JSON.stringify({ id, prompt: 'p', completions });
    await writeFile(join(dir, 'items.jsonl'), [item('x', { a: '1', b: '2' }), item('y', { a: '1' }), '{"id": "z",', item('x', { a: '1', b: '2' })].join('\n'));
    const run = await prefstudy('validate', dir);
    expect(run.code).toBe(1);
    const file = join(dir, 'items.jsonl');
    expect(run.stderr).toContain(`error: ${dir}: 3 problems`);
    expect(run.stderr).toContain(`${file}:2: completions.b: item "y" has no completion for system "b"`);
    expect(run.stderr).toContain(`${file}:3: line is not valid JSON`);
    expect(run.stderr).toContain(`${file}:4: id: duplicate item id (first on line 1)`);
  });

  it('has --help', async () => {
    const run = await prefstudy('validate', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: prefstudy validate');
  });
});

describe('prefstudy import', () => {
  it('imports and reports what it wrote and dropped', async () => {
    const a = join(root, 'a.json');
    const b = join(root, 'b.json');
    await writeFile(a, rows([['q1', 'a1'], ['q2', 'a2'], ['q3', 'a3']], 'model-a'));
    await writeFile(b, rows([['q3', 'b3'], ['q1', 'b1']], 'model-b'));
    const out = join(root, 'studies', 'ab');
    const run = await prefstudy('import', 'alpacaeval', a, b, '--out', out, '--title', 'Pick one');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dropped: "q2": missing for model-b');
    expect(run.stdout).toContain(`wrote 2 items to ${out} (systems: model-a, model-b; design: baseline model-b)`);
    expect((await prefstudy('validate', out)).code).toBe(0);

    const again = await prefstudy('import', 'alpacaeval', a, b, '--out', out);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists and is not empty; use --force');
    expect((await prefstudy('import', 'alpacaeval', a, b, '--out', out, '--force', '--quiet')).code).toBe(0);
  });

  const rejects = async (name: string, format: string, content: string, expected: RegExp) => {
    const input = join(root, name);
    await writeFile(input, content);
    const other = join(root, `other-${name}.json`);
    await writeFile(other, rows([['q1', 'x']], `other-${name}`));
    const out = join(root, `out-${name}`);
    const run = await prefstudy('import', format, input, other, '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).toContain('nothing written');
    expect(existsSync(out)).toBe(false);
    expect((await readdir(root)).filter((f) => f.includes(`out-${name}`))).toEqual([]);
  };

  it('rejects truncated JSON, naming the file and line, and writes nothing', async () => {
    const text = rows([['q1', 'a1'], ['q2', 'a2']], 'model-a');
    await rejects('truncated.json', 'alpacaeval', text.slice(0, 60), /truncated\.json:\d+: not valid JSON .*found end of input/);
  });

  it('rejects a JSONL line that is not JSON, naming its line', async () => {
    const text = ['{"prompt": "p1", "a": "x", "b": "y"}', '{"prompt": "p2", "a": "x", "b": "y"}', '{"prompt": "p3", "a": oops}'].join('\n');
    const input = join(root, 'bad.jsonl');
    await writeFile(input, text);
    const out = join(root, 'out-bad-jsonl');
    const run = await prefstudy('import', 'jsonl', input, '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${input}:3: line is not valid JSON (column 23)`);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an empty file', async () => {
    await rejects('empty.json', 'alpacaeval', '', /empty\.json: the file is empty/);
  });

  it('rejects an unknown format, listing the known ones', async () => {
    const out = join(root, 'out-unknown');
    const run = await prefstudy('import', 'parquet', join(root, 'a.json'), '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown import format "parquet"');
    expect(run.stderr).toContain('expected oasst-report | alpacaeval | jsonl | csv');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a missing input file and an unknown baseline', async () => {
    const missing = await prefstudy('import', 'alpacaeval', join(root, 'nope.json'), join(root, 'a.json'), '--out', join(root, 'out-missing'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json: missing file');
    const baseline = await prefstudy('import', 'alpacaeval', join(root, 'a.json'), join(root, 'b.json'), '--out', join(root, 'out-baseline'), '--baseline', 'model-z');
    expect(baseline.code).toBe(1);
    expect(baseline.stderr).toContain('--baseline: not one of the imported systems (expected model-a | model-b, found "model-z")');
    expect(existsSync(join(root, 'out-baseline'))).toBe(false);
  });

  it('has --help that names the formats and the default design', async () => {
    const run = await prefstudy('import', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('oasst-report');
    expect(run.stdout.replace(/\s+/g, " ")).toContain("two systems: the last one is the baseline; more: all pairs");
  });
});
