// Bad inputs get a clear error naming the file and line, a non-zero exit, and no report files.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedData, hasSharedData } from '../support/shared.ts';

const run = promisify(execFile);
const CLI = join(REPO_ROOT, 'bin/prefstudy.js');

async function report(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, [CLI, 'report', ...args], { cwd: dir });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prefstudy-bad-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('prefstudy report on bad input', () => {
  it('rejects a winner value that is not allowed, naming file and line', async () => {
    const file = join(dir, 'battles.jsonl');
    await writeFile(file, ['{"model_a":"x","model_b":"y","winner":"model_a"}', '{"model_a":"x","model_b":"y","winner":"tie"}', '{"model_a":"x","model_b":"y","winner":"model_c"}'].join('\n'));
    const out = join(dir, 'out-winner');
    const { code, stderr } = await report([file, '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:3: winner: winner value not allowed`);
    expect(stderr).toContain('found "model_c"');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an arena CSV with a bad winner on its line', async () => {
    const file = join(dir, 'battles.csv');
    await writeFile(file, 'model_a,model_b,winner\nx,y,model_b\nx,y,draw\n');
    const { code, stderr } = await report([file, '--out', join(dir, 'out-csv')]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:3: winner`);
    expect(existsSync(join(dir, 'out-csv'))).toBe(false);
  });

  it('names the missing columns of a generic CSV', async () => {
    const file = join(dir, 'votes.csv');
    await writeFile(file, 'item,rater,system_a\np1,r1,x\n');
    const { code, stderr } = await report([file, '--from', 'csv', '--out', join(dir, 'out-missing')]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:1: system_b, choice: missing fields "system_b", "choice"`);
    expect(existsSync(join(dir, 'out-missing'))).toBe(false);
  });

  it('rejects an empty file', async () => {
    const file = join(dir, 'empty.json');
    await writeFile(file, '');
    const { code, stderr } = await report([file, '--out', join(dir, 'out-empty')]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:1: the file is empty`);
    expect(existsSync(join(dir, 'out-empty'))).toBe(false);
  });

  it.skipIf(!hasSharedData)('rejects a file of another format, given or detected', async () => {
    const alpaca = sharedData('alpaca_eval/annotations/alpaca_eval_gpt4/gpt-3.5-turbo-0301.json');
    const given = await report([alpaca, '--from', 'arena', '--out', join(dir, 'out-other')]);
    expect(given.code).toBe(1);
    expect(given.stderr).toContain(`${alpaca}:2: model_a, model_b, winner: missing fields`);
    const instances = sharedData('tulu1_human_eval/eval_instances_tulu_1.jsonl');
    const detected = await report([instances, '--out', join(dir, 'out-other')]);
    expect(detected.code).toBe(1);
    expect(detected.stderr).toContain(`cannot tell which kind of judgment file ${instances} is`);
    expect(detected.stderr).toContain(`${instances}:1:`);
    expect(existsSync(join(dir, 'out-other'))).toBe(false);
  });

  it('writes nothing when one of several inputs is bad', async () => {
    const good = join(dir, 'good.csv');
    const bad = join(dir, 'bad.csv');
    await writeFile(good, 'item,rater,system_a,system_b,choice\np1,r1,x,y,a\np2,r1,x,y,tie\n');
    await writeFile(bad, 'item,rater,system_a,system_b,choice\np1,r1,x,y,maybe\n');
    const { code, stderr } = await report([good, bad, '--out', join(dir, 'out-mixed'), '--resamples', '100']);
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad}:2: choice: choice value not allowed`);
    expect(existsSync(join(dir, 'out-mixed'))).toBe(false);
    const ok = await report([good, '--out', join(dir, 'out-good'), '--resamples', '100']);
    expect(ok.code).toBe(0);
    expect(existsSync(join(dir, 'out-good', 'report.html'))).toBe(true);
  });
});
