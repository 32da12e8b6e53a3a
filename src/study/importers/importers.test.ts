import { describe, expect, it } from 'vitest';
import { joinOnPrompt, promptId } from '../join.ts';
import { importAlpacaEval } from './alpacaeval.ts';
import { importCsv } from './csv.ts';
import { importJsonl } from './jsonl.ts';
import { importOasstReport } from './oasst-report.ts';
import { stripArtefacts } from './clean.ts';

const report = (model: string, configs: Record<string, string[][]>, prompts: string[]) =>
  JSON.stringify({
    model_name: model,
    prompts: prompts.map((prompt, i) => ({
      prompt,
      results: Object.entries(configs).map(([name, outputs]) => ({ sampling_config: name, sampling_params: { temperature: name === 'greedy' ? 0 : 0.8 }, outputs: outputs[i] })),
    })),
  });

describe('oasst-report', () => {
  const text = report('org/model-x', { nucleus9: [[' n1</s>', 'n1b'], [' n2', 'n2b']], greedy: [[' g1<|endoftext|>'], ['  g2 </s>  ']] }, ['p1', 'p2']);

  it('picks greedy by default, strips artefacts and names the system from the model and config', () => {
    const parsed = importOasstReport(text, 'r.json', {});
    expect(parsed.issues).toEqual([]);
    expect(parsed.systems).toEqual([{ system: 'model-x:greedy', generator: 'org/model-x', samplingConfig: 'greedy', samplingParams: { temperature: 0 }, sampleIndex: 0 }]);
    expect(parsed.rows.map((r) => r.completions)).toEqual([{ 'model-x:greedy': 'g1' }, { 'model-x:greedy': 'g2' }]);
    expect(parsed.notes.join('\n')).toMatch(/"greedy" \(the default: greedy is present/);
  });

  it('takes another config, sample index and system id when asked', () => {
    const parsed = importOasstReport(text, 'r.json', { samplingConfig: 'nucleus9', sampleIndex: 1, systemId: 'mine' });
    expect(parsed.rows.map((r) => r.completions)).toEqual([{ mine: 'n1b' }, { mine: 'n2b' }]);
    expect(parsed.systems[0]).toMatchObject({ samplingConfig: 'nucleus9', sampleIndex: 1 });
  });

  it('falls back to the only config, and rejects an unknown config or sample index', () => {
    const sampleOnly = report('gpt-3.5-turbo', { sample: [['a'], ['b']] }, ['p1', 'p2']);
    expect(importOasstReport(sampleOnly, 's.jsonl', {}).systems[0].system).toBe('gpt-3.5-turbo:sample');
    expect(importOasstReport(text, 'r.json', { samplingConfig: 'k50' }).issues[0]).toMatchObject({ file: 'r.json', expected: 'nucleus9 | greedy', found: '"k50"' });
    expect(importOasstReport(text, 'r.json', { sampleIndex: 3 }).issues[0].expected).toBe('0..0');
  });

  it('names the file, line and field of a malformed report', () => {
    const broken = '{\n  "model_name": "m",\n  "prompts": [\n    {"prompt": "p", "results": [{"sampling_config": "greedy", "outputs": [1]}]}\n  ]\n}';
    const [issue] = importOasstReport(broken, 'b.json', {}).issues;
    expect(issue).toMatchObject({ file: 'b.json', line: 4, field: 'prompts.0.results.0.outputs.0', expected: 'string' });
    const truncated = broken.slice(0, broken.indexOf('"prompts"') + 12);
    expect(importOasstReport(truncated, 'b.json', {}).issues[0]).toMatchObject({ file: 'b.json', line: 3, found: 'end of input (truncated?)' });
  });

  it('keeps </s> inside a text (HTML strikethrough) and strips only trailing artefacts', () => {
    expect(stripArtefacts('  a <s>b</s> c</s>\n<|endoftext|> ').text).toBe('a <s>b</s> c');
  });
});

describe('alpacaeval', () => {
  const rows = (generator: string, pairs: Array<[string, string]>) => JSON.stringify(pairs.map(([instruction, output]) => ({ instruction, output, generator, dataset: 'helpful' })));

  it('joins on instruction, not position, and reports what is missing', () => {
    const a = importAlpacaEval(rows('model-a', [['q1', 'a1'], ['q2', 'a2'], ['q3', 'a3']]), 'a.json', {});
    const b = importAlpacaEval(rows('model-b', [['q3', 'b3'], ['q1', 'b1']]), 'b.json', {});
    const joined = joinOnPrompt([{ file: 'a.json', parsed: a }, { file: 'b.json', parsed: b }], { dropEmpty: false });
    expect(joined.rows.map((r) => [r.prompt, r.completions])).toEqual([
      ['q1', { 'model-a': 'a1', 'model-b': 'b1' }],
      ['q3', { 'model-a': 'a3', 'model-b': 'b3' }],
    ]);
    expect(joined.dropped).toEqual([{ prompt: 'q2', reason: 'missing for model-b' }]);
    expect(joined.rows[0]).toMatchObject({ id: promptId('q1'), tags: ['helpful'] });
  });

  it('keeps an empty output by default and drops it on request', () => {
    const a = { file: 'a.json', parsed: importAlpacaEval(rows('model-a', [['q1', ''], ['q2', 'a2']]), 'a.json', {}) };
    const b = { file: 'b.json', parsed: importAlpacaEval(rows('model-b', [['q1', 'b1'], ['q2', 'b2']]), 'b.json', {}) };
    expect(joinOnPrompt([a, b], { dropEmpty: false })).toMatchObject({ emptyKept: [{ id: promptId('q1'), system: 'model-a' }], dropped: [] });
    const dropped = joinOnPrompt([a, b], { dropEmpty: true });
    expect(dropped.rows).toHaveLength(1);
    expect(dropped.dropped[0].reason).toMatch(/empty completion .* model-a/);
  });

  it('refuses two files with the same system, and a file with several generators', () => {
    const a = importAlpacaEval(rows('model-a', [['q1', 'x']]), 'a.json', {});
    expect(joinOnPrompt([{ file: 'a.json', parsed: a }, { file: 'a2.json', parsed: a }], { dropEmpty: false }).issues[0].message).toMatch(/also comes from a\.json/);
    const mixed = JSON.stringify([{ instruction: 'q', output: 'o', generator: 'g1' }, { instruction: 'r', output: 'o', generator: 'g2' }]);
    expect(importAlpacaEval(mixed, 'm.json', {}).issues[0]).toMatchObject({ found: 'g1, g2' });
  });
});

describe('jsonl and csv', () => {
  it('reads a prompt field and one field per system (jsonl)', () => {
    const text = '{"q": "p1", "id": 7, "sysA": "a1", "sysB": "b1"}\n\n{"q": "p2", "id": 8, "sysA": "a2", "sysB": " b2 "}\n';
    const parsed = importJsonl(text, 'x.jsonl', { promptField: 'q', idField: 'id' });
    expect(parsed.systems.map((s) => s.system)).toEqual(['sysA', 'sysB']);
    expect(parsed.rows).toEqual([
      { prompt: 'p1', line: 1, id: '7', completions: { sysA: 'a1', sysB: 'b1' } },
      { prompt: 'p2', line: 3, id: '8', completions: { sysA: 'a2', sysB: 'b2' } },
    ]);
  });

  it('names the line that is not JSON, and an unknown system field', () => {
    const [issue] = importJsonl('{"prompt": "p", "a": "x"}\n{"prompt": "p2", "a": \n', 'x.jsonl', {}).issues;
    expect(issue).toMatchObject({ file: 'x.jsonl', line: 2 });
    expect(importJsonl('{"prompt": "p", "a": "x"}', 'x.jsonl', { systemFields: ['a', 'b'] }).issues[0]).toMatchObject({ field: 'b' });
    expect(importJsonl('', 'x.jsonl', {}).issues[0].message).toBe('the file is empty');
  });

  it('reads CSV with quoted multi-line cells and reports their lines', () => {
    const text = 'prompt,left,right\n"p1","line one\nline two",r1\np2,l2,r2\n';
    const parsed = importCsv(text, 'x.csv', { systemFields: ['left', 'right'] });
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows.map((r) => [r.prompt, r.completions.left])).toEqual([['p1', 'line one\nline two'], ['p2', 'l2']]);
    expect(parsed.rows[1].line).toBe(4);
    expect(importCsv('prompt,a\n"p1,x\n', 'x.csv', {}).issues[0].message).toMatch(/not valid CSV/);
  });
});
