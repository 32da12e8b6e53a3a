import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blindnessPhrases, blindnessWarnings, findMentions, itemLines, SHOWN_PER_PHRASE, systemTokens } from './blindness.ts';
import { loadStudy } from './load.ts';
import { StudyFile, type Item, type Study } from './schema.ts';

/** The example study of the repository (studies/example). */
const EXAMPLE = fileURLToPath(new URL('../../studies/example', import.meta.url));
const PYTHIA = 'oasst-sft-4-pythia-12b:greedy';
const GPT = 'gpt-3.5-turbo:t0.7';
const labels = (text: string, systems: string[] = [PYTHIA, GPT], loose = false) =>
  findMentions(text, blindnessPhrases(systems), { loose }).map((m) => m.label);

function study(fields: Partial<StudyFile>, items: Item[] = []): Study {
  const file = StudyFile.parse({
    id: 'helpfulness-2023',
    title: 'Which response is better?',
    instructions: 'Pick the better answer.',
    systems: [PYTHIA, GPT],
    design: { kind: 'all-pairs' },
    seed: 1,
    ...fields,
  });
  return { ...file, dir: 'studies/s', items };
}
const item = (id: string, pythia: string, gpt = 'A plain answer.'): Item => ({ id, prompt: 'p', completions: { [PYTHIA]: pythia, [GPT]: gpt } });

describe('systemTokens', () => {
  it('keeps the id, the model and its recognisable parts, and drops generic, numeric and version-like parts', () => {
    expect(systemTokens(PYTHIA)).toEqual(['oasst-sft-4-pythia-12b:greedy', 'oasst-sft-4-pythia-12b', 'pythia-12b', 'oasst', 'pythia']);
    expect(systemTokens(GPT)).toEqual(['gpt-3.5-turbo:t0.7', 'gpt-3.5-turbo', 'gpt']);
    expect(systemTokens('oasst-sft-4-pythia-12b-epoch-3.5:sample')).toEqual(['oasst-sft-4-pythia-12b-epoch-3.5:sample', 'oasst-sft-4-pythia-12b-epoch-3.5', 'pythia-12b', 'oasst', 'pythia']);
    expect(systemTokens('text_davinci_003')).toEqual(['text_davinci_003', 'davinci']);
    expect(systemTokens('Claude-v1.3:nucleus9')).toEqual(['claude-v1.3:nucleus9', 'claude-v1.3', 'claude']);
    expect(systemTokens('meta-llama/Llama-2-7b-chat')).toEqual(['meta-llama/llama-2-7b-chat', 'meta', 'llama']);
  });

  it('keeps a whole id of several parts, and nothing from a single generic word or fewer than three letters', () => {
    expect(systemTokens('a')).toEqual([]);
    expect(systemTokens('greedy')).toEqual([]);
    expect(systemTokens('v2:greedy')).toEqual(['v2:greedy']);
    expect(systemTokens('model-a')).toEqual(['model-a']);
  });
});

describe('findMentions', () => {
  it('finds self-identifying phrases and model names, case-insensitive', () => {
    expect(labels('As an AI language model, I cannot browse.')).toEqual(['as an AI language model']);
    expect(labels('as a large language model I do not know')).toEqual(['as an AI language model']);
    expect(labels('Hello! My name is ChatGPT. I was trained by OpenAI.')).toEqual(['ChatGPT', 'trained by', 'OpenAI']);
    expect(labels("I'm an AI assistant developed by Anthropic, called Claude.")).toEqual(['I am an AI developed by', 'Anthropic', 'Claude']);
    expect(labels('I am Open Assistant; see also OpenAssistant and open-assistant.')).toEqual(['Open Assistant', 'Open Assistant', 'Open Assistant']);
    expect(labels('chatgpt, Chat GPT and ChatGPT3 alike')).toEqual(['ChatGPT', 'ChatGPT', 'ChatGPT']);
    expect(labels('GPT-3.5 and GPT4 and gpt-4o')).toEqual(['GPT-3', 'GPT-4', 'GPT-4']);
  });

  it('finds the systems\' own names, on word boundaries', () => {
    expect(labels('I am based on Pythia 12B, an OASST model.')).toEqual(['pythia-12b', 'oasst']);
    expect(labels('pythia-12b')).toEqual(['pythia-12b']);
    expect(labels('the GPT family')).toEqual(['gpt']);
    expect(labels('GPT-3.5 Turbo')).toEqual(['gpt-3.5-turbo']);
    expect(labels('(gpt)')).toEqual(['gpt']);
  });

  it('matches ambiguous animal names only in a model-like form, so answers about animals do not warn', () => {
    expect(labels('Alpacas and llamas are camelids. The alpaca is smaller than the llama; a vicuna lives wild.')).toEqual([]);
    expect(labels('Alpaca is a South American camelid.')).toEqual([]);
    expect(labels('Stanford Alpaca, Alpaca-7B, Vicuna 13B, the Vicuna model, I am Vicuna')).toEqual(['Alpaca', 'Alpaca', 'Vicuna', 'Vicuna', 'Vicuna']);
    expect(labels('LLaMA, Llama 2, llama-65b, but not a llama')).toEqual(['LLaMA', 'LLaMA', 'LLaMA']);
    // ... and as bare words in the study's own texts.
    expect(labels('Alpaca or Vicuna?', [], true)).toEqual(['Alpaca', 'Vicuna']);
    expect(labels('falcon facts', ['falcon-7b:greedy'])).toEqual([]);
    expect(labels('Falcon-7B says hi', ['falcon-7b:greedy'])).toEqual(['falcon-7b']);
  });

  it('does not match ordinary words', () => {
    const systems = [PYTHIA, GPT, 'aurora-7b:greedy', 'cirrus-chat:default', 'claude-v1.3:sample'];
    for (const text of [
      'Paris is the capital of France.',
      'Guide dogs are trained by volunteers.',
      'A greedy algorithm takes the best step; the sample size was small.',
      'Open the window and let the assistant in.',
      'The GPTQ format; a gptx file; Claudette; pythias; oasstx.',
      'Use a GUID partition table.',
      'I am an accountant trained in Paris.',
    ])
      expect([text, labels(text, systems)]).toEqual([text, []]);
  });

  it('matches a system name that is also an ordinary word (a warning to read, not an error)', () => {
    expect(labels('The aurora borealis over cirrus clouds.', ['aurora-7b:greedy', 'cirrus-chat:default'])).toEqual(['aurora', 'cirrus']);
  });
});

describe('blindnessWarnings', () => {
  it('warns when the study id, title, instructions or consent name a system or a model', () => {
    const warnings = blindnessWarnings(
      study({
        id: 'pythia-vs-chatgpt',
        title: 'Open Assistant or GPT-3.5 Turbo?',
        instructions: 'Compare two answers.\n\nOne of them is by Alpaca.',
        consent: 'Answers by oasst-sft-4-pythia-12b:greedy.',
      }),
      { studyFile: 'studies/s/study.json', studyText: '{\n  "id": "pythia-vs-chatgpt",\n  "title": "...",\n  "instructions": "...",\n  "consent": "..."\n}' },
    );
    expect(warnings.map((w) => [w.file, w.line, w.field, w.message.split(',')[0]])).toEqual([
      ['studies/s/study.json', 2, 'id', `mentions "pythia" (from system ${PYTHIA})`],
      ['studies/s/study.json', 2, 'id', 'mentions "ChatGPT"'],
      ['studies/s/study.json', 3, 'title', 'mentions "Open Assistant"'],
      ['studies/s/study.json', 3, 'title', `mentions "gpt-3.5-turbo" (from system ${GPT})`],
      ['studies/s/study.json', 4, 'instructions', 'mentions "Alpaca"'],
      ['studies/s/study.json', 5, 'consent', `mentions "oasst-sft-4-pythia-12b:greedy"`],
    ]);
    expect(warnings[0].message).toContain('raters see the study id in every address');
    expect(warnings[4].message).toContain(': "…o answers. One of them is by Alpaca."');
  });

  it('has nothing to say about a neutral study', async () => {
    expect(blindnessWarnings(study({}, [item('x', 'Paris.')]))).toEqual([]);
    expect(blindnessWarnings(await loadStudy(EXAMPLE))).toEqual([]);
  });

  it('reports completions per item with file, line and field, each phrase once per completion', () => {
    const items = [item('a', 'Fine.'), item('b', 'As an AI language model, I am Open Assistant. Open Assistant says hi.', 'I am ChatGPT.')];
    const itemsText = `${JSON.stringify(items[0])}\n\n${JSON.stringify(items[1])}\n`;
    expect(itemLines(itemsText)).toEqual([1, 3]);
    const warnings = blindnessWarnings(study({}, items), { itemsFile: 'i.jsonl', itemsText });
    expect(warnings.map((w) => [w.file, w.line, w.field, w.message.split(',')[0]])).toEqual([
      ['i.jsonl', 3, `completions.${PYTHIA}`, 'item "b" mentions "as an AI language model"'],
      ['i.jsonl', 3, `completions.${PYTHIA}`, 'item "b" mentions "Open Assistant"'],
      ['i.jsonl', 3, `completions.${GPT}`, 'item "b" mentions "ChatGPT"'],
    ]);
    expect(warnings[0].message).toBe('item "b" mentions "as an AI language model", so raters may tell which model wrote it: "As an AI language model, I am Open Assistant. Open As…"');
    // Without the texts: the items file in the study folder, no lines.
    expect(blindnessWarnings(study({}, items))[0]).toMatchObject({ file: join('studies/s', 'items.jsonl'), field: `completions.${PYTHIA}` });
    expect(blindnessWarnings(study({}, items))[0].line).toBeUndefined();
  });

  it('summarises a phrase found in thousands of completions: the first ten, then one count', () => {
    const items = Array.from({ length: 5000 }, (_, i) =>
      item(`i${i}`, i % 2 ? 'As an AI language model, I cannot.' : 'Sure.', i % 5 === 0 ? 'I am ChatGPT, as an AI language model.' : 'Sure.'),
    );
    const warnings = blindnessWarnings(study({}, items));
    expect(warnings).toHaveLength(2 * (SHOWN_PER_PHRASE + 1));
    // Grouped by phrase, in order of first appearance (i0's ChatGPT completion says both).
    const chatgpt = warnings.slice(0, SHOWN_PER_PHRASE + 1);
    const asAnAi = warnings.slice(SHOWN_PER_PHRASE + 1);
    expect(chatgpt.slice(0, -1).map((w) => w.message.match(/item "(\w+)"/)?.[1])).toEqual(['i0', 'i5', 'i10', 'i15', 'i20', 'i25', 'i30', 'i35', 'i40', 'i45']);
    expect(chatgpt.at(-1)?.message).toBe(`"ChatGPT" is in 1000 completions of 1000 items in all (the first 10 are shown): ${GPT} 1000`);
    expect(asAnAi.slice(0, -1).map((w) => [w.message.match(/item "(\w+)"/)?.[1], w.field])).toEqual([
      ['i0', `completions.${GPT}`], ['i1', `completions.${PYTHIA}`], ['i3', `completions.${PYTHIA}`], ['i5', `completions.${PYTHIA}`], ['i5', `completions.${GPT}`],
      ['i7', `completions.${PYTHIA}`], ['i9', `completions.${PYTHIA}`], ['i10', `completions.${GPT}`], ['i11', `completions.${PYTHIA}`], ['i13', `completions.${PYTHIA}`],
    ]);
    expect(asAnAi.at(-1)).toEqual({
      file: join('studies/s', 'items.jsonl'),
      field: 'completions',
      message: `"as an AI language model" is in 3500 completions of 3000 items in all (the first 10 are shown): ${GPT} 1000, ${PYTHIA} 2500`,
    });
  });
});
