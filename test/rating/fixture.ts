// A study built in memory through the real zod schema, so defaults apply as when loaded from disk.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Item, StudyFile, type Study } from '../../src/study/schema.ts';

export interface FixtureOptions {
  items?: number;
  systems?: string[];
  design?: StudyFile['design'];
  votesPerPair?: number;
  raterLimit?: number;
  seed?: string | number;
  extra?: Record<string, unknown>;
}

export function makeStudy(options: FixtureOptions = {}): Study {
  const systems = options.systems ?? ['model-alpha', 'model-beta', 'model-gamma'];
  const file = StudyFile.parse({
    id: 'fixture-study',
    title: 'Fixture study',
    instructions: 'Pick the better response.',
    systems,
    design: options.design ?? { kind: 'baseline', baseline: systems[0] },
    votesPerPair: options.votesPerPair ?? 2,
    raterLimit: options.raterLimit ?? 5,
    seed: options.seed ?? 'seed-1',
    ...options.extra,
  });
  const items = Array.from({ length: options.items ?? 6 }, (_, i) =>
    Item.parse({
      id: `item-${i + 1}`,
      prompt: `Prompt number ${i + 1}?`,
      completions: Object.fromEntries(systems.map((s) => [s, `Answer ${i + 1} written by ${s}`])),
    }),
  );
  return { ...file, dir: '/nonexistent', items };
}

export async function tempResultsDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'prefstudy-rating-'));
}
