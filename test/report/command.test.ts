// `prefstudy report` as a process on an arena log, as an analyst runs it: the same file twice gives
// the same bytes when the time stamp is pinned, and only the formats asked for are written.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedAtFrom } from '../../src/commands/report.ts';
import { REPO_ROOT } from '../support/shared.ts';
import { expectValidReport } from '../support/reportSchema.ts';

const run = promisify(execFile);
const CLI = join(REPO_ROOT, 'bin/prefstudy.js');

let dir: string;
let battles: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prefstudy-command-'));
  // 3,000 battles among 4 systems, no prompt names: each battle is its own prompt (row-<n>).
  const winners = ['model_a', 'model_b', 'tie', 'model_a', 'tie (bothbad)', 'model_b', 'model_a'];
  const lines = ['model_a,model_b,winner'];
  for (let t = 0; t < 3000; t++) lines.push(`m${t % 4},m${(t + 1 + (t % 3)) % 4},${winners[(t * 5) % 7]}`);
  battles = join(dir, 'battles.csv');
  await writeFile(battles, lines.join('\n') + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function report(out: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, 'report', battles, '--from', 'arena', '--resamples', '200', '--seed', '1', '--out', out, ...extra], {
    env: { ...process.env, ...env },
  });
  return stdout;
}

describe('prefstudy report on an arena log, as a process', () => {
  it('writes only report.json for --format json, the same bytes twice with --generated-at', async () => {
    const [first, second] = [join(dir, 'first'), join(dir, 'second')];
    const printed = await report(first, ['--format', 'json', '--generated-at', '2026-01-31T12:00:00Z', '--quiet']);
    await report(second, ['--format', 'json', '--generated-at', '2026-01-31T12:00:00Z']);
    // --quiet: only the paths, for scripts.
    expect(printed.trim()).toBe(join(first, 'report.json'));
    expect(await readdir(first)).toEqual(['report.json']);
    const bytes = await readFile(join(first, 'report.json'), 'utf8');
    expectValidReport(bytes);
    expect(await readFile(join(second, 'report.json'), 'utf8')).toBe(bytes);
    const body = JSON.parse(bytes);
    expect(body.generatedAt).toBe('2026-01-31T12:00:00.000Z');
    expect(body.n).toBe(3000);
    expect(body.systems.map((s: { id: string }) => s.id).sort()).toEqual(['m0', 'm1', 'm2', 'm3']);
  });

  it('takes the time stamp from SOURCE_DATE_EPOCH, and writes every format by default', async () => {
    const out = join(dir, 'epoch');
    await report(out, [], { SOURCE_DATE_EPOCH: '1769860800' });
    expect((await readdir(out)).sort()).toEqual(['judgments.csv', 'report.html', 'report.json', 'report.md']);
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')).generatedAt).toBe('2026-01-31T12:00:00.000Z');
    // Unnamed battles are row-<n>, zero-padded so that name order is file order.
    const csv = (await readFile(join(out, 'judgments.csv'), 'utf8')).split('\n');
    expect(csv[1]).toContain('row-0001');
    expect(csv[3000]).toContain('row-3000');
  });
});

describe('what prefstudy report prints', () => {
  it('says what it found: title, headline, each pair with its interval, rows read / used / dropped, then the files', async () => {
    const out = join(dir, 'summary');
    const printed = await report(out, ['--format', 'json,md', '--title', 'Four arena models']);
    const body = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    const lines = printed.trimEnd().split('\n');
    expect(lines[0]).toBe('Four arena models');
    expect(body.title).toBe('Four arena models');
    expect(lines[1]).toBe(body.headline);
    expect(body.pairs.length).toBeGreaterThanOrEqual(3);
    for (const pair of body.pairs) {
      const low = (pair.winRateCI[0] * 100).toFixed(1);
      const high = (pair.winRateCI[1] * 100).toFixed(1);
      const row = lines.find((line) => line.trim().startsWith(`${pair.a} vs ${pair.b} `));
      expect(row, `${pair.a} vs ${pair.b}`).toMatch(new RegExp(`${(pair.winRate * 100).toFixed(1)}% \\[${low}, ${high}\\]\\s+n = ${pair.n.toLocaleString('en-US')}$`));
    }
    expect(printed).toContain(`${battles}: 3,000 rows read, 3,000 used, 0 dropped`);
    expect(printed).toContain(`${body.n.toLocaleString('en-US')} judgments in the win rates`);
    const wrote = lines.indexOf('Wrote:');
    expect(lines.slice(wrote + 1).map((line) => line.trim())).toEqual([join(out, 'report.json'), join(out, 'report.md')]);
  });
});

describe('generatedAtFrom', () => {
  it('prefers --generated-at, then SOURCE_DATE_EPOCH, else leaves the clock to the report', () => {
    expect(generatedAtFrom('2026-01-31T13:00:00+01:00', { SOURCE_DATE_EPOCH: '0' })).toBe('2026-01-31T12:00:00.000Z');
    expect(generatedAtFrom(undefined, { SOURCE_DATE_EPOCH: '0' })).toBe('1970-01-01T00:00:00.000Z');
    expect(generatedAtFrom(undefined, {})).toBeUndefined();
  });

  it('names the option or variable whose value is not a time', () => {
    expect(() => generatedAtFrom('yesterday', {})).toThrow(/--generated-at/);
    expect(() => generatedAtFrom(undefined, { SOURCE_DATE_EPOCH: '12.5' })).toThrow(/SOURCE_DATE_EPOCH/);
  });
});
