// Imports of real public outputs (../shared/data), checked against the counts in their PROVENANCE.md.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { importStudy } from '../../src/study/import.ts';
import { loadStudy } from '../../src/study/load.ts';
import { describeWithSharedData, sharedData } from '../support/shared.ts';

const reports = (path: string) => sharedData('oasst_model_eval/sampling_reports', path);
const alpaca = (model: string) => sharedData('alpaca_eval/model_outputs', `${model}.json`);
const PYTHIA = reports('oasst-sft/2023-04-03_andreaskoepf_oasst-sft-4-pythia-12b-epoch-3_5_sampling_noprefix_lottery.json');
const CHATGPT = reports('chat-gpt/2023-04-11_gpt-3.5-turbo_sample.json');

let root = '';
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});
async function out(name: string): Promise<string> {
  root ||= await mkdtemp(join(tmpdir(), 'prefstudy-import-real-'));
  return join(root, name);
}

describeWithSharedData('importing real completions', () => {
  it('OpenAssistant Pythia-12B vs gpt-3.5-turbo: 250 items that validate, with no tokenizer artefacts', async () => {
    const dir = await out('pythia-vs-chatgpt');
    const report = await importStudy('oasst-report', [PYTHIA, CHATGPT], { out: dir });
    expect(report.items).toBe(250);
    expect(report.dropped).toEqual([]);
    expect(report.systems).toEqual(['oasst-sft-4-pythia-12b-epoch-3.5:greedy', 'gpt-3.5-turbo:sample']);
    const study = await loadStudy(dir);
    expect(study.items).toHaveLength(250);
    expect(study.design).toEqual({ kind: 'baseline', baseline: 'gpt-3.5-turbo:sample' });
    const texts = study.items.flatMap((item) => Object.values(item.completions));
    expect(texts).toHaveLength(500);
    expect(texts.filter((t) => t.includes('</s>') || t.includes('<|endoftext|>'))).toEqual([]);
    expect(texts.filter((t) => t !== t.trim())).toEqual([]);
    const sources = study.provenance?.sources ?? [];
    expect(sources.map((s) => [s.samplingConfig, s.generator, s.sampleIndex])).toEqual([
      ['greedy', 'andreaskoepf/oasst-sft-4-pythia-12b-epoch-3.5', 0],
      ['sample', 'gpt-3.5-turbo', 0],
    ]);
    // PROVENANCE.md lists the first 16 hex digits of each file's sha256.
    expect(sources.map((s) => s.sha256.slice(0, 16))).toEqual(['342c61fd4fabef76', '3d0e1a4d080b5507']);
    expect(sources[1].samplingParams).toMatchObject({ temperature: 0.8, top_p: 1.0 });
  });

  it('reads the claude report by content although it is named .jsonl, and joins on the same prompts', async () => {
    const claude = reports('anthropic/2023-05-31_claude-v1.3_sample.jsonl');
    const report = await importStudy('oasst-report', [PYTHIA, CHATGPT, claude], { out: await out('three'), samplingConfigs: ['nucleus9', 'sample', 'sample'], sampleIndexes: [1, 0, 0] });
    expect(report.items).toBe(250);
    expect(report.systems).toEqual(['oasst-sft-4-pythia-12b-epoch-3.5:nucleus9', 'gpt-3.5-turbo:sample', 'claude-v1.3:sample']);
    expect(report.design).toEqual({ kind: 'all-pairs' });
  });

  it('AlpacaEval oasst-rlhf-llama-33b + text_davinci_003: 805 items; with gpt35_turbo_instruct the missing instruction is reported', async () => {
    const two = await importStudy('alpacaeval', [alpaca('oasst-rlhf-llama-33b'), alpaca('text_davinci_003')], { out: await out('ae2') });
    expect(two.items).toBe(805);
    expect(two.dropped).toEqual([]);
    // text_davinci_003 answered two instructions with an empty string: kept (it should lose those pairs), and said so.
    expect(two.emptyKept.map((e) => e.system)).toEqual(['text_davinci_003', 'text_davinci_003']);
    expect((await loadStudy(two.out)).items).toHaveLength(805);

    const dir = await out('ae3');
    const three = await importStudy('alpacaeval', [alpaca('oasst-rlhf-llama-33b'), alpaca('text_davinci_003'), alpaca('gpt35_turbo_instruct')], { out: dir });
    expect(three.items).toBe(804);
    expect(three.dropped).toEqual([{ prompt: "What are the lyrics to the third verse of Rick Astley's Never Gonna Give You Up?", reason: 'missing for gpt35_turbo_instruct' }]);
    const written = JSON.parse(await readFile(join(dir, 'study.json'), 'utf8'));
    expect(written.provenance.dropped).toEqual(three.dropped);
    expect(written.provenance.sources.map((s: { generator: string }) => s.generator)).toEqual(['oasst-rlhf-llama-33b', 'text_davinci_003', 'gpt35_turbo_instruct']);

    const dropEmpty = await importStudy('alpacaeval', [alpaca('oasst-rlhf-llama-33b'), alpaca('text_davinci_003')], { out: await out('ae-drop'), dropEmpty: true });
    expect(dropEmpty.items).toBe(803);
  });

  it('gives the same item ids on a re-import', async () => {
    const first = await loadStudy((await importStudy('alpacaeval', [alpaca('oasst-sft-pythia-12b'), alpaca('text_davinci_003')], { out: await out('re1') })).out);
    const second = await loadStudy((await importStudy('alpacaeval', [alpaca('text_davinci_003'), alpaca('oasst-sft-pythia-12b')], { out: await out('re2') })).out);
    expect(new Set(second.items.map((i) => i.id))).toEqual(new Set(first.items.map((i) => i.id)));
  });
});
