import { mkdtemp, mkdir, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PrefstudyError, formatIssue, type Issue } from '../errors.ts';
import { listStudies, loadStudy, validateStudyDir } from './load.ts';
import { designPairs } from './schema.ts';
import { summarizeStudy } from './summary.ts';

const EXAMPLE = fileURLToPath(new URL('../../studies/example', import.meta.url));
const roots: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'prefstudy-load-'));
  roots.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of roots) await rm(dir, { recursive: true, force: true });
});

const baseStudy = {
  id: 'tiny',
  title: 'Tiny',
  instructions: 'Pick the better answer.',
  systems: ['a', 'b'],
  design: { kind: 'baseline', baseline: 'b' },
  seed: 1,
};
const item = (id: string, completions: Record<string, string>) => JSON.stringify({ id, prompt: `prompt ${id}`, completions });

async function studyDir(study: unknown, items: string, studyName = 'study.json'): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, studyName), typeof study === 'string' ? study : JSON.stringify(study, null, 2));
  await writeFile(join(dir, 'items.jsonl'), items);
  return dir;
}

async function issuesOf(dir: string): Promise<Issue[]> {
  const { study, issues } = await validateStudyDir(dir);
  expect(study).toBeUndefined();
  return issues;
}

describe('the example study', () => {
  it('validates with its baseline design', async () => {
    const study = await loadStudy(EXAMPLE);
    expect(study.systems).toHaveLength(3);
    expect(study.items.length).toBeGreaterThanOrEqual(12);
    expect(study.design).toEqual({ kind: 'baseline', baseline: 'cirrus-chat:default' });
    expect(designPairs(study)).toHaveLength(2);
    expect(summarizeStudy(study).votesWanted).toBe(study.items.length * 2 * 3);
  });

  it('has the content the server must handle, and no system id in what raters read', async () => {
    const study = await loadStudy(EXAMPLE);
    const texts = study.items.flatMap((i) => Object.values(i.completions));
    expect(texts.some((t) => t.includes('<script>alert(1)</script>'))).toBe(true);
    expect(texts.some((t) => t.includes('```'))).toBe(true);
    expect(texts.some((t) => /^\|.*\|$/m.test(t))).toBe(true);
    expect(texts.some((t) => /^(- |1\. )/m.test(t))).toBe(true);
    expect(study.items.some((i) => i.messages && i.messages.length > 1)).toBe(true);
    expect(study.attentionChecks?.items).toHaveLength(2);
    const shown = [study.title, study.instructions, study.consent ?? ''].join('\n').toLowerCase();
    for (const system of study.systems) for (const part of system.split(/[:-]/)) if (part.length > 3) expect(shown).not.toContain(part);
  });

  it('also validates with an all-pairs design over the same items', async () => {
    const dir = await tempDir();
    await cp(EXAMPLE, dir, { recursive: true });
    const file = JSON.parse(await readFile(join(dir, 'study.json'), 'utf8'));
    await writeFile(join(dir, 'study.json'), JSON.stringify({ ...file, design: { kind: 'all-pairs' } }));
    const study = await loadStudy(dir);
    expect(designPairs(study)).toHaveLength(3);
  });

  it('is listed by listStudies, and a broken sibling is reported, not listed', async () => {
    const root = await tempDir();
    await cp(EXAMPLE, join(root, 'example'), { recursive: true });
    await mkdir(join(root, 'broken'));
    await writeFile(join(root, 'broken', 'study.json'), '{');
    await mkdir(join(root, 'not-a-study'));
    const invalid: string[] = [];
    const listed = await listStudies(root, { onInvalid: (dir) => invalid.push(dir) });
    expect(listed).toEqual([{ dir: join(root, 'example'), id: 'example', title: 'Which answer is more helpful?' }]);
    expect(invalid).toEqual([join(root, 'broken')]);
  });
});

describe('loadStudy errors', () => {
  it('throws one PrefstudyError carrying every problem', async () => {
    const dir = await studyDir({ ...baseStudy, id: 'Bad Id', colour: 'red' }, item('x', { a: '1' }) + '\n' + item('x', { a: '1', b: '2' }) + '\n');
    const error = await loadStudy(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefstudyError);
    const { code, message, issues } = error as PrefstudyError;
    expect(code).toBe('invalid-input');
    expect(message).toBe(`${dir}: 4 problems`);
    expect(issues.map((i) => i.field)).toEqual(['id', 'colour', 'completions.b', 'id']);
  });

  it('names the item, line and system of a missing completion', async () => {
    const dir = await studyDir(baseStudy, [item('one', { a: '1', b: '2' }), item('two', { a: '1' })].join('\n'));
    const [issue, ...rest] = await issuesOf(dir);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ file: join(dir, 'items.jsonl'), line: 2, field: 'completions.b' });
    expect(issue.message).toContain('"two"');
    expect(formatIssue(issue)).toMatch(/items\.jsonl:2: completions\.b: item "two" has no completion for system "b"/);
  });

  it('rejects empty completions unless the study allows them', async () => {
    const items = item('one', { a: '  ', b: '2' });
    expect((await issuesOf(await studyDir(baseStudy, items)))[0]).toMatchObject({ line: 1, field: 'completions.a', found: 'an empty string' });
    await expect(loadStudy(await studyDir({ ...baseStudy, allowEmptyCompletions: true }, items))).resolves.toMatchObject({ allowEmptyCompletions: true });
  });

  it('names both lines of a duplicate item id', async () => {
    const dir = await studyDir(baseStudy, ['', item('x', { a: '1', b: '2' }), item('y', { a: '1', b: '2' }), item('x', { a: '3', b: '4' })].join('\n'));
    const issues = await issuesOf(dir);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 4, field: 'id', found: '"x"' });
    expect(issues[0].message).toContain('line 2');
  });

  it('names the line of a JSONL line that is not JSON, and goes on checking the others', async () => {
    const dir = await studyDir(baseStudy, [item('x', { a: '1', b: '2' }), '{"id": "y", "prompt": ', item('z', { a: '1' })].join('\n'));
    const issues = await issuesOf(dir);
    expect(issues.map((i) => [i.line, i.field])).toEqual([[2, undefined], [3, 'completions.b']]);
    expect(issues[0].message).toMatch(/not valid JSON/);
  });

  it('names the line of truncated study JSON', async () => {
    const text = JSON.stringify(baseStudy, null, 2);
    const dir = await studyDir(text.slice(0, text.length - 20), item('x', { a: '1', b: '2' }));
    const [issue] = await issuesOf(dir);
    expect(issue.file).toBe(join(dir, 'study.json'));
    expect(issue.line).toBe(text.slice(0, text.length - 20).split('\n').length);
    expect(issue.found).toContain('end of input');
  });

  it('names the line of a wrong field in study.json', async () => {
    const dir = await studyDir({ ...baseStudy, votesPerPair: 'three' }, item('x', { a: '1', b: '2' }));
    const [issue] = await issuesOf(dir);
    const study = await readFile(join(dir, 'study.json'), 'utf8');
    const line = study.split('\n').findIndex((l) => l.includes('"votesPerPair"')) + 1;
    expect(line).toBeGreaterThan(5);
    expect(issue).toMatchObject({ line, field: 'votesPerPair', expected: 'number', found: '"three"' });
  });

  it('checks the design: unknown systems, self-pairs and duplicate pairs', async () => {
    const design = { kind: 'pairs', pairs: [['a', 'b'], ['b', 'a'], ['a', 'a'], ['a', 'zed']] };
    const issues = await issuesOf(await studyDir({ ...baseStudy, design }, item('x', { a: '1', b: '2' })));
    expect(issues.map((i) => i.field)).toEqual(['design.pairs.1', 'design.pairs.2', 'design.pairs.3.1']);
    const dir = await studyDir({ ...baseStudy, design: { kind: 'baseline', baseline: 'c' } }, item('x', { a: '1', b: '2' }));
    const baseline = await issuesOf(dir);
    const line = (await readFile(join(dir, 'study.json'), 'utf8')).split('\n').findIndex((l) => l.includes('"baseline": "c"')) + 1;
    expect(baseline[0]).toMatchObject({ field: 'design.baseline', found: '"c"', line });
  });

  it('reports an empty items file, an empty study file and missing files', async () => {
    expect((await issuesOf(await studyDir(baseStudy, '')))[0]).toMatchObject({ message: 'the file is empty' });
    expect((await issuesOf(await studyDir('  \n', item('x', { a: '1', b: '2' }))))[0]).toMatchObject({ message: 'the file is empty' });
    const noItems = await tempDir();
    await writeFile(join(noItems, 'study.json'), JSON.stringify(baseStudy));
    expect(await issuesOf(noItems)).toEqual([expect.objectContaining({ file: join(noItems, 'items.jsonl'), message: 'missing file' })]);
    const empty = await tempDir();
    expect((await issuesOf(empty)).map((i) => i.message)).toEqual(['missing file', 'missing file']);
    expect((await issuesOf(join(empty, 'nope')))[0].message).toBe('no such study folder');
  });

  it('checks attention checks', async () => {
    const attentionChecks = { items: [{ id: 'c1', prompt: 'p', good: 'yes', bad: 'yes' }, { id: 'c1', prompt: 'p', good: 'a', bad: 'b' }, { id: 'x', prompt: 'p', good: 'a', bad: 'b' }] };
    const issues = await issuesOf(await studyDir({ ...baseStudy, attentionChecks }, item('x', { a: '1', b: '2' })));
    expect(issues.map((i) => i.field)).toEqual(['attentionChecks.items.0.bad', 'attentionChecks.items.1.id', 'attentionChecks.items.2.id']);
    const noItems = await issuesOf(await studyDir({ ...baseStudy, attentionChecks: { rate: 0.2 } }, item('x', { a: '1', b: '2' })));
    expect(noItems[0].field).toBe('attentionChecks.items');
  });

  it('accepts study.yaml and names YAML lines', async () => {
    const yaml = ['id: tiny', 'title: Tiny', 'instructions: Pick one.', 'systems: [a, b]', 'design:', '  kind: all-pairs', 'seed: 7', 'votesPerPair: 0', ''].join('\n');
    const dir = await studyDir(yaml, item('x', { a: '1', b: '2' }), 'study.yaml');
    const [issue] = await issuesOf(dir);
    expect(issue).toMatchObject({ file: join(dir, 'study.yaml'), line: 8, field: 'votesPerPair' });
    await writeFile(join(dir, 'study.yaml'), yaml.replace('votesPerPair: 0', 'votesPerPair: 2'));
    expect((await loadStudy(dir)).votesPerPair).toBe(2);
  });

  it('requires a conversation to end with the user', async () => {
    const line = JSON.stringify({ id: 'm', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }], completions: { a: '1', b: '2' } });
    const [issue] = await issuesOf(await studyDir(baseStudy, line));
    expect(issue).toMatchObject({ field: 'messages.1.role', found: '"assistant"' });
  });
});
