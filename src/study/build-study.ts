// Joined rows + choices -> the study.json object and the items (pure).
import type { Design, Item, Provenance, StudyFile } from './schema.ts';
import { StudyFile as StudyFileSchema } from './schema.ts';
import type { JoinResult } from './join.ts';

export const DEFAULT_TITLE = 'Which response is better?';
export const DEFAULT_INSTRUCTIONS =
  'You will see a request and two responses, A and B. Read both and choose the one that answers the request better: ' +
  'correct, helpful, clear. Choose **Tie** when they are about equally good and **Both bad** when neither is acceptable.';

/** 32 symbols, so each of 5 random bits picks one without bias; no 0/O or 1/I to confuse. */
export const COMPLETION_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const COMPLETION_CODE_PATTERN = /^PS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/** A completion code `PS-XXXX-XXXX` from 8 random bytes (40 random bits; pass crypto.randomBytes(8)). */
export function completionCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError('a completion code needs 8 random bytes');
  const symbols = Array.from(bytes.subarray(0, 8), (byte) => COMPLETION_CODE_ALPHABET[byte & 31]).join('');
  return `PS-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

/** Prolific's completion URLs carry the code as `cc` (https://app.prolific.com/submissions/complete?cc=CODE). */
export function codeInUrl(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('cc') || undefined;
  } catch {
    return undefined;
  }
}

export interface BuildOptions {
  id: string;
  title?: string;
  seed?: string | number;
  baseline?: string;
  /** Shown to (or sent with) raters when they finish. */
  completion?: { code?: string; redirectUrl?: string };
  provenance: Provenance;
}

/** `--baseline` gives a baseline design; else two systems: the last one is the baseline; more: all pairs. */
export function chooseDesign(systems: string[], baseline?: string): Design {
  if (baseline !== undefined) return { kind: 'baseline', baseline };
  if (systems.length === 2) return { kind: 'baseline', baseline: systems[1] };
  return { kind: 'all-pairs' };
}

/** Lowercase letters, digits and dashes, from a folder name. */
export function studyIdFrom(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return id || 'imported';
}

export function buildStudy(joined: JoinResult, options: BuildOptions): { study: StudyFile; items: Item[] } {
  const systems = joined.systems.map((s) => s.system);
  const items: Item[] = joined.rows.map((row) => ({
    id: row.id,
    prompt: row.prompt,
    completions: Object.fromEntries(systems.map((s) => [s, row.completions[s]])),
    ...(row.tags ? { tags: row.tags } : {}),
  }));
  const seed = options.seed ?? `import-${options.provenance.sources.map((s) => s.sha256.slice(0, 6)).join('')}`.slice(0, 40);
  // Parsing fills in the defaults, so the written file shows every setting a user may want to change.
  const study = StudyFileSchema.parse({
    id: options.id,
    title: options.title ?? DEFAULT_TITLE,
    instructions: DEFAULT_INSTRUCTIONS,
    systems,
    design: chooseDesign(systems, options.baseline),
    ...(joined.emptyKept.length ? { allowEmptyCompletions: true } : {}),
    ...(options.completion ? { completion: options.completion } : {}),
    seed,
    provenance: options.provenance,
  });
  return { study, items };
}
