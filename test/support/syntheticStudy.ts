// A small study folder with judgments, made on the fly, for tests of the report's pages and files
// that must run without ../shared: four systems (one with a long id, as real checkpoints have),
// three pairs against a baseline, completions of varying length (so every pair has length buckets)
// and raters who see each pair on both sides (so position bias is measured). Deterministic.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const BASELINE = 'gpt-3.5-turbo-0613';
/** Long enough to wrap or be cut in a chart's label column, as a real checkpoint id is. */
export const LONG_SYSTEM = 'meta-llama/Llama-3.1-70B-Instruct:temperature-0.7-top-p-0.95-with-system-prompt-v2';
export const SYSTEMS = ['mistral-7b-instruct-v0.2', LONG_SYSTEM, 'qwen2-72b-chat:greedy', BASELINE];

const ITEMS = 40;
const VOTES_PER_PAIR = 3;
const RATERS = 6;

/** A tiny seeded generator (LCG): the same study on every run, with no dependency. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface SyntheticStudy {
  /** The study folder, to pass to `prefstudy report`. */
  studyDir: string;
  /** The results folder holding <id>/judgments.jsonl (the report's --results). */
  resultsDir: string;
}

/** Writes the study folder and its judgment log under `root`. */
export async function writeSyntheticStudy(root: string, id = 'synthetic'): Promise<SyntheticStudy> {
  const next = random(20240601);
  const studyDir = join(root, 'studies', id);
  const resultsDir = join(root, 'results');
  await mkdir(studyDir, { recursive: true });
  await mkdir(join(resultsDir, id), { recursive: true });

  const study = {
    id,
    title: 'Synthetic study for report tests',
    instructions: 'Choose the more helpful answer.',
    systems: SYSTEMS,
    design: { kind: 'baseline', baseline: BASELINE },
    votesPerPair: VOTES_PER_PAIR,
    seed: 7,
  };
  await writeFile(join(studyDir, 'study.json'), JSON.stringify(study, null, 2));

  const items = Array.from({ length: ITEMS }, (_, i) => ({
    id: `item-${String(i).padStart(2, '0')}`,
    prompt: `Question number ${i}?`,
    completions: Object.fromEntries(SYSTEMS.map((s) => [s, 'x'.repeat(20 + Math.floor(next() * 600))])),
    tags: [i % 2 ? 'odd' : 'even'],
  }));
  await writeFile(join(studyDir, 'items.jsonl'), items.map((x) => JSON.stringify(x)).join('\n') + '\n');

  // Each candidate is a little stronger than the last, and longer answers win a little more often.
  const judgments: string[] = [];
  let task = 0;
  for (const [k, candidate] of SYSTEMS.slice(0, -1).entries()) {
    for (const item of items) {
      for (let vote = 0; vote < VOTES_PER_PAIR; vote++) {
        const longer = item.completions[candidate].length > item.completions[BASELINE].length;
        const pWin = 0.3 + 0.12 * k + (longer ? 0.1 : -0.05);
        const draw = next();
        const outcome = draw < pWin ? 'candidate' : draw < pWin + 0.15 ? 'tie' : draw < pWin + 0.2 ? 'both-bad' : 'baseline';
        const candidateLeft = (task + vote) % 2 === 0;
        const [left, right] = candidateLeft ? [candidate, BASELINE] : [BASELINE, candidate];
        const choice =
          outcome === 'tie' || outcome === 'both-bad' ? outcome : (outcome === 'candidate') === candidateLeft ? 'left' : 'right';
        judgments.push(
          JSON.stringify({ v: 1, study: id, task: `t${task++}`, rater: `rater-${(task + vote) % RATERS}`, item: item.id, left, right, choice, source: 'server' }),
        );
      }
    }
  }
  await writeFile(join(resultsDir, id, 'judgments.jsonl'), judgments.join('\n') + '\n');
  return { studyDir, resultsDir };
}
