// `prefstudy validate` and `prefstudy import` as a user runs them: exit codes, stderr, and nothing written on error.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
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
    expect(run.stderr).toBe('');
  });

  it('warns (and exits 0) when the study or its completions could tell raters which model is which', async () => {
    const dir = join(root, 'pythia-vs-chatgpt');
    await mkdir(dir);
    const systems = ['oasst-sft-4-pythia-12b:greedy', 'gpt-3.5-turbo:sample'];
    await writeFile(
      join(dir, 'study.json'),
      JSON.stringify({ id: 'pythia-vs-chatgpt', title: 'Pythia or ChatGPT?', instructions: 'Pick the better answer.', systems, design: { kind: 'all-pairs' }, seed: 1 }, null, 2),
    );
    const item = (id: string, pythia: string, gpt: string) => JSON.stringify({ id, prompt: 'p', completions: { [systems[0]]: pythia, [systems[1]]: gpt } });
    const lines = [
      item('capital', 'Paris.', 'The capital of France is Paris.'),
      item('camelids', 'Alpacas are smaller than llamas.', 'The alpaca is a camelid.'),
      item('opinion', 'I think so.', 'As an AI language model, I do not have opinions.'),
      ...Array.from({ length: 12 }, (_, i) => item(`who-${i}`, "Hi! I'm Open Assistant.", 'I am ChatGPT.')),
    ];
    await writeFile(join(dir, 'items.jsonl'), lines.join('\n') + '\n');
    const studyFile = join(dir, 'study.json');
    const itemsFile = join(dir, 'items.jsonl');

    const run = await prefstudy('validate', dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('valid: pythia-vs-chatgpt: Pythia or ChatGPT?');
    const warnings = run.stderr.trimEnd().split('\n');
    expect(warnings.every((line) => line.startsWith('warning: '))).toBe(true);
    expect(warnings.slice(0, 4)).toEqual([
      `warning: ${studyFile}:2: id: mentions "pythia" (from system oasst-sft-4-pythia-12b:greedy), which tells raters which models they compare; raters see the study id in every address (/s/<id>/...)`,
      `warning: ${studyFile}:2: id: mentions "ChatGPT", which tells raters which models they compare; raters see the study id in every address (/s/<id>/...)`,
      `warning: ${studyFile}:3: title: mentions "pythia" (from system oasst-sft-4-pythia-12b:greedy), which tells raters which models they compare; raters see the title`,
      `warning: ${studyFile}:3: title: mentions "ChatGPT", which tells raters which models they compare; raters see the title`,
    ]);
    expect(run.stderr).toContain(`warning: ${itemsFile}:3: completions.gpt-3.5-turbo:sample: item "opinion" mentions "as an AI language model", so raters may tell which model wrote it: "As an AI language model, I do not have opinions."`);
    expect(run.stderr).toContain(`warning: ${itemsFile}:4: completions.oasst-sft-4-pythia-12b:greedy: item "who-0" mentions "Open Assistant"`);
    // 12 items name themselves: the first 10, then a count per system.
    expect(warnings.filter((line) => line.includes('mentions "ChatGPT", so raters may tell'))).toHaveLength(10);
    expect(run.stderr).toContain(`warning: ${itemsFile}: completions: "ChatGPT" is in 12 completions of 12 items in all (the first 10 are shown): gpt-3.5-turbo:sample 12`);
    expect(run.stderr).not.toContain('camelids');
    expect(run.stderr).not.toContain('capital');

    const json = await prefstudy('validate', dir, '--json');
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const parsed = JSON.parse(json.stdout);
    expect(parsed.id).toBe('pythia-vs-chatgpt');
    expect(parsed.warnings).toHaveLength(warnings.length);
    expect(parsed.warnings[0]).toEqual({ file: studyFile, line: 2, field: 'id', message: expect.stringContaining('mentions "pythia"') });
    expect((await prefstudy('validate', 'studies/example', '--json')).stdout).toContain('"warnings": []');
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
    // A rater on Prolific needs a code to paste when done: a new random one, printed and written.
    const code = run.stdout.match(/; completion code (\S+)$/m)?.[1];
    expect(code).toMatch(/^PS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(JSON.parse(await readFile(join(out, 'study.json'), 'utf8')).completion).toEqual({ code });
    expect((await prefstudy('validate', out)).code).toBe(0);

    const again = await prefstudy('import', 'alpacaeval', a, b, '--out', out);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists and is not empty; use --force');
    const forced = await prefstudy('import', 'alpacaeval', a, b, '--out', out, '--force', '--quiet');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/; completion code PS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\n$/);
    expect(forced.stdout).not.toContain(code);
  });

  it('takes the completion code and redirect URL from --completion-code and --completion-url', async () => {
    const [a, b] = [join(root, 'cc-a.json'), join(root, 'cc-b.json')];
    await writeFile(a, rows([['q1', 'a1']], 'model-a'));
    await writeFile(b, rows([['q1', 'b1']], 'model-b'));
    const written = async (out: string) => JSON.parse(await readFile(join(out, 'study.json'), 'utf8')).completion;

    const given = join(root, 'cc-given');
    const run = await prefstudy('import', 'alpacaeval', a, b, '--out', given, '--completion-code', 'MY-CODE-42', '--quiet');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('; completion code MY-CODE-42\n');
    expect(await written(given)).toEqual({ code: 'MY-CODE-42' });

    // Prolific's completion URL carries the code: it becomes the study's code too.
    const url = 'https://app.prolific.com/submissions/complete?cc=C1X2Y3Z4';
    const prolific = join(root, 'cc-prolific');
    const redirect = await prefstudy('import', 'alpacaeval', a, b, '--out', prolific, '--completion-url', url);
    expect(redirect.code).toBe(0);
    expect(redirect.stdout).toContain(`; completion code C1X2Y3Z4, redirect to ${url}`);
    expect(await written(prolific)).toEqual({ code: 'C1X2Y3Z4', redirectUrl: url });

    const other = join(root, 'cc-other');
    expect((await prefstudy('import', 'alpacaeval', a, b, '--out', other, '--completion-url', 'https://example.org/done')).code).toBe(0);
    expect(await written(other)).toEqual({ code: expect.stringMatching(/^PS-/), redirectUrl: 'https://example.org/done' });

    const bad = join(root, 'cc-bad');
    const mismatch = await prefstudy('import', 'alpacaeval', a, b, '--out', bad, '--completion-url', url, '--completion-code', 'OTHER');
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('--completion-code: differs from the code (cc=) in --completion-url; Prolific would not accept one of them (expected "C1X2Y3Z4", found "OTHER")');
    const invalid = await prefstudy('import', 'alpacaeval', a, b, '--out', bad, '--completion-url', 'ftp://example.org', '--completion-code', 'two words');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('--completion-code: not a completion code a rater can type');
    expect(invalid.stderr).toContain('--completion-url: not a redirect URL (expected an http(s) URL');
    expect(existsSync(bad)).toBe(false);
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
    expect(run.stdout).toContain('--completion-code <code>');
    expect(run.stdout).toContain('--completion-url <url>');
    // The example study id is neutral: raters see it in the address bar.
    expect(run.stdout).toContain('--out studies/helpfulness-2023');
    expect(run.stdout).not.toMatch(/studies\/\S*(?:chatgpt|pythia|oasst|gpt)/i);
  });
});
