// Things in a study that can un-blind raters (DESIGN invariant 1), as warnings (pure): the study id,
// title, instructions or consent naming one of its systems or a model, and completions that name
// themselves ("As an AI language model trained by OpenAI ..."). A warning never fails a study: a
// prompt about ChatGPT may rightly get an answer that says "ChatGPT". `prefstudy validate` prints
// them; the server can print the same at start-up.
//
// Matching is case-insensitive on word boundaries (letters, digits and `_` are word characters), so
// "Paris" never matches "aria" and "GPT-4" matches "gpt". Words that are also ordinary words
// (alpaca, vicuna, llama, falcon, ...) match in completions only in a model-like form: with a size
// or version ("Alpaca-7B", "Llama 2"), "Stanford Alpaca", "I am Vicuna", "Vicuna model", or the
// model's own casing "LLaMA"; "The alpaca is a domesticated camelid" and "alpacas" do not warn.
// In the study's own texts (id, title, instructions, consent) they match as bare words too.
import { join } from 'node:path';
import type { Issue } from '../errors.ts';
import { ITEMS_FILE_NAME } from './load.ts';
import type { Study } from './schema.ts';
import { lineFinder } from './source-lines.ts';

/** Completion warnings shown per phrase before the rest are summarised in one count. */
export const SHOWN_PER_PHRASE = 10;

/** Where the study came from, for file names and line numbers in the warnings (all optional). */
export interface StudySources {
  /** The study.json / study.yaml path; its text gives the line of each field. */
  studyFile?: string;
  studyText?: string;
  /** Defaults to `<dir>/items.jsonl`; its text gives the line of each item. */
  itemsFile?: string;
  itemsText?: string;
}

export interface Phrase {
  /** What is reported, e.g. `ChatGPT` or `pythia`. */
  label: string;
  /** The system the phrase was derived from, if any. */
  system?: string;
  /** Used everywhere. */
  patterns: RegExp[];
  /** Used in addition in the study's own texts (bare ambiguous words). */
  loosePatterns?: RegExp[];
}

export interface Mention {
  label: string;
  system?: string;
  index: number;
  length: number;
}

/** Parts of system ids that name nothing: sampling setups, training stages, sizes of things, filler. */
const GENERIC = new Set(
  (
    'greedy sample samples sampled sampling nucleus beam top topk topp temp temperature default base chat instruct ' +
    'instruction instructions sft rlhf dpo ppo orpo reward epoch epochs step steps checkpoint ckpt final best latest ' +
    'model models turbo text test the and for with hf fp16 bf16 int8 int4 gguf ggml awq gptq lora merged preview ' +
    'release experimental exp small medium large xl xxl mini tiny plus pro new old run seed prefix noprefix lottery ' +
    'output outputs eval open assistant code alpha beta dev stable v1 v2 generic baseline candidate system ' +
    'deterministic creative precise balanced hot cold low high'
  ).split(' '),
);

/** Names of models that are also ordinary words: matched in completions only in a model-like form. */
const AMBIGUOUS = new Set(['alpaca', 'vicuna', 'llama', 'falcon', 'koala', 'dolly', 'orca', 'guanaco', 'mistral', 'bard', 'gemini', 'bloom', 'opt', 'phi']);

const BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const AFTER = String.raw`(?![\p{L}\p{N}_])`;
const bounded = (source: string, flags = 'giu') => new RegExp(`${BEFORE}(?:${source})${AFTER}`, flags);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A literal token where `-`, `_` and a space are interchangeable ("pythia-12b" matches "Pythia 12B"). */
const literal = (token: string) => token.split(/[-_\s]+/).map(escape).join(String.raw`[-_\s]?`);
const I_AM = String.raw`i(?:\s+am|['’]m)`;

/** Model-like forms of a word that is also an ordinary word. */
function modelForms(word: string): string {
  const w = literal(word);
  return [
    String.raw`${w}[-_\s]?v?\d[\w.]*`, // Alpaca-7B, Llama 2, vicuna-13b-v1.5
    String.raw`${w}\s+(?:model|llm|chatbot|assistant)`, // "the Vicuna model"
    String.raw`stanford\s+${w}`,
    String.raw`(?:${I_AM}|called|named)\s+(?:an?\s+)?${w}`, // "I am Vicuna"
  ].join('|');
}

function wordPhrase(label: string, word: string, system?: string): Phrase {
  if (!AMBIGUOUS.has(word.toLowerCase())) return { label, system, patterns: [bounded(literal(word))] };
  return { label, system, patterns: [bounded(modelForms(word))], loosePatterns: [bounded(literal(word))] };
}

/** Self-identifying phrases and model names, whatever the study's systems. */
export const FIXED_PHRASES: readonly Phrase[] = [
  { label: 'as an AI language model', patterns: [bounded(String.raw`as\s+an?\s+(?:ai\s+)?(?:large\s+)?language\s+model`)] },
  {
    label: 'I am an AI developed by',
    patterns: [bounded(String.raw`${I_AM}\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:ai|assistant|model|chatbot|bot)[\s,]+(?:[\w-]+\s+){0,2}?(?:developed|created|made|built|trained)\s+by`)],
  },
  // Only about the speaker or a model: "Guide dogs are trained by volunteers" does not warn.
  {
    label: 'trained by',
    patterns: [bounded(String.raw`(?:i\s+(?:was|am|have\s+been)|i['’](?:m|ve\s+been)|model|assistant|ai|chatbot)[\s,]+(?:[\w-]+\s+){0,2}?trained\s+by`)],
  },
  { label: 'ChatGPT', patterns: [bounded(String.raw`chat[-\s]?gpt(?:[-\s]?\d(?:\.\d)?)?`)] }, // ChatGPT, Chat-GPT, ChatGPT3
  { label: 'OpenAI', patterns: [bounded(String.raw`open[-\s]?ai`)] },
  { label: 'Open Assistant', patterns: [bounded(String.raw`open[-\s]?assistant`)] },
  { label: 'Anthropic', patterns: [bounded('anthropic')] },
  { label: 'Claude', patterns: [bounded('claude')] },
  { ...wordPhrase('LLaMA', 'llama'), patterns: [bounded(modelForms('llama')), bounded('LLaMA', 'gu')] },
  wordPhrase('Vicuna', 'vicuna'),
  wordPhrase('Alpaca', 'alpaca'),
  { label: 'GPT-3', patterns: [bounded(String.raw`gpt[-\s]?3(?:\.5)?`)] },
  { label: 'GPT-4', patterns: [bounded(String.raw`gpt[-\s]?4(?:\.\d)?o?`)] },
];

const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length;
const isSize = (part: string | undefined) => part !== undefined && /^\d+(?:\.\d+)?[bmk]$/i.test(part);
/** A part that names something: 3 letters or more, not generic, not a version or a size. */
const isName = (part: string) => letters(part) >= 3 && !GENERIC.has(part) && !GENERIC.has(part.replace(/\d+$/, '')) && !isSize(part) && !/^v?\d/.test(part);

/**
 * The recognisable parts of a system id, lowercased, most specific first: the id itself, the model
 * without its sampling setup, name-with-size compounds and names.
 * `oasst-sft-4-pythia-12b:greedy` -> oasst-sft-4-pythia-12b:greedy, oasst-sft-4-pythia-12b, pythia-12b, oasst, pythia.
 */
export function systemTokens(systemId: string): string[] {
  const id = systemId.toLowerCase();
  const model = id.split(':')[0];
  // The id itself whenever it has several parts (`v2:greedy`, `model-a`); a single word only if it is a name.
  const whole = (text: string) => letters(text) >= 3 && (/[-_:/.]/.test(text) || isName(text));
  const compounds: string[] = [];
  const names: string[] = [];
  for (const segment of model.split('/')) {
    const parts = segment.split(/[-_\s]+/).filter(Boolean);
    parts.forEach((part, i) => {
      if (!isName(part)) return;
      names.push(part);
      if (isSize(parts[i + 1])) compounds.push(`${part}-${parts[i + 1]}`);
    });
  }
  const all = [...(whole(id) ? [id] : []), ...(whole(model) ? [model] : []), ...compounds, ...names];
  return [...new Set(all)];
}

/** Every phrase to look for in a study with these systems: the fixed ones, then the systems' tokens. */
export function blindnessPhrases(systems: readonly string[]): Phrase[] {
  const phrases = [...FIXED_PHRASES];
  const seen = new Set(phrases.map((p) => p.label.toLowerCase()));
  for (const system of systems)
    for (const token of systemTokens(system)) {
      if (seen.has(token)) continue;
      seen.add(token);
      phrases.push(wordPhrase(token, token, system));
    }
  return phrases;
}

/** Where the phrases occur in `text`; a match inside a longer one ("gpt" in "GPT-4") is left out. */
export function findMentions(text: string, phrases: readonly Phrase[], options: { loose?: boolean } = {}): Mention[] {
  const patternsOf = (phrase: Phrase) => (options.loose && phrase.loosePatterns ? [...phrase.patterns, ...phrase.loosePatterns] : phrase.patterns);
  const found: Mention[] = [];
  for (const phrase of phrases) {
    const patterns = patternsOf(phrase);
    for (const pattern of patterns)
      for (const match of text.matchAll(pattern))
        found.push({ label: phrase.label, ...(phrase.system ? { system: phrase.system } : {}), index: match.index, length: match[0].length });
  }
  // Earliest first, longest first at the same place (stable: earlier phrases win a tie).
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  const kept: Mention[] = [];
  let end = -1;
  for (const mention of found) {
    if (mention.index + mention.length <= end) continue;
    kept.push(mention);
    end = mention.index + mention.length;
  }
  return kept;
}

const STUDY_FIELDS = [
  ['id', 'raters see the study id in every address (/s/<id>/...)'],
  ['title', 'raters see the title'],
  ['instructions', 'raters read the instructions'],
  ['consent', 'raters read the consent text'],
] as const;

export function blindnessWarnings(study: Study, sources: StudySources = {}): Issue[] {
  const phrases = blindnessPhrases(study.systems);
  const warnings: Issue[] = [];

  const lineOf = sources.studyText !== undefined ? lineFinder(sources.studyText) : undefined;
  for (const [field, why] of STUDY_FIELDS) {
    const text = study[field];
    if (text === undefined) continue;
    const labels = new Set<string>();
    for (const mention of findMentions(text, phrases, { loose: true })) {
      if (labels.has(mention.label)) continue;
      labels.add(mention.label);
      warnings.push({
        file: sources.studyFile ?? study.dir,
        ...located(lineOf?.([field])),
        field,
        message: `mentions ${named(mention)}, which tells raters which models they compare; ${why}${field === 'instructions' || field === 'consent' ? `: ${snippet(text, mention)}` : ''}`,
      });
    }
  }

  const itemsFile = sources.itemsFile ?? join(study.dir, ITEMS_FILE_NAME);
  const lines = sources.itemsText !== undefined ? itemLines(sources.itemsText) : [];
  const lineOfItem = (index: number) => (lines.length === study.items.length ? lines[index] : undefined);
  interface Found {
    issue: Issue;
    system: string;
    item: string;
  }
  const byLabel = new Map<string, { mention: Mention; found: Found[] }>();
  study.items.forEach((item, index) => {
    for (const system of study.systems) {
      const text = item.completions[system];
      if (!text) continue;
      const labels = new Set<string>();
      for (const mention of findMentions(text, phrases)) {
        if (labels.has(mention.label)) continue;
        labels.add(mention.label);
        let group = byLabel.get(mention.label);
        if (!group) byLabel.set(mention.label, (group = { mention, found: [] }));
        group.found.push({
          system,
          item: item.id,
          issue: {
            file: itemsFile,
            ...located(lineOfItem(index)),
            field: `completions.${system}`,
            message: `item "${item.id}" mentions ${named(mention)}, so raters may tell which model wrote it: ${snippet(text, mention)}`,
          },
        });
      }
    }
  });
  for (const { mention, found } of byLabel.values()) {
    warnings.push(...found.slice(0, SHOWN_PER_PHRASE).map((f) => f.issue));
    if (found.length <= SHOWN_PER_PHRASE) continue;
    const perSystem = new Map<string, number>();
    for (const f of found) perSystem.set(f.system, (perSystem.get(f.system) ?? 0) + 1);
    const items = new Set(found.map((f) => f.item)).size;
    warnings.push({
      file: itemsFile,
      field: 'completions',
      message:
        `${named(mention)} is in ${found.length} completions of ${items} items in all (the first ${SHOWN_PER_PHRASE} are shown): ` +
        [...perSystem].map(([system, n]) => `${system} ${n}`).join(', '),
    });
  }
  return warnings;
}

function named(mention: Mention): string {
  const from = mention.system && mention.system.toLowerCase() !== mention.label ? ` (from system ${mention.system})` : '';
  return `"${mention.label}"${from}`;
}

function located(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

/** The match with some context, on one line, quoted. */
function snippet(text: string, mention: Mention, context = 30): string {
  const start = Math.max(0, mention.index - context);
  const end = Math.min(text.length, mention.index + mention.length + context);
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return JSON.stringify(`${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`);
}

/** The line number of each item in items.jsonl: its non-blank lines, in order (as parseItemsText reads them). */
export function itemLines(itemsText: string): number[] {
  const lines: number[] = [];
  itemsText.split('\n').forEach((raw, index) => {
    if (raw.trim() !== '') lines.push(index + 1);
  });
  return lines;
}
