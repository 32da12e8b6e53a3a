// The example study has three systems so that its two designs differ: against the baseline it
// compares two pairs per item, all-pairs three. Both run to the end through the real service.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openRatingService } from '../../src/rating/service.ts';
import { loadStudy } from '../../src/study/load.ts';
import { designPairs, type Design, type Study } from '../../src/study/schema.ts';
import { tempResultsDir } from './fixture.ts';

const EXAMPLE_DIR = fileURLToPath(new URL('../../studies/example', import.meta.url));

/** Raters arrive one after another and answer "left" until the study has nothing more for them. */
async function runToTheEnd(study: Study) {
  const resultsDir = await tempResultsDir();
  const service = await openRatingService({ study, store: { resultsDir } });
  for (let r = 0; r < 200; r++) {
    const rater = `rater-${r}`;
    await service.enter({ id: rater });
    await service.start(rater, true);
    let current = await service.current(rater);
    if (current.kind !== 'task') break; // every slot has its votes
    while (current.kind === 'task') {
      await service.submit(rater, { taskId: current.task.taskId, choice: 'left' });
      current = await service.current(rater);
    }
  }
  const progress = await service.progress();
  await service.close();
  return progress;
}

describe('the example study under both designs', () => {
  it.each<[string, Design, number]>([
    ['vs-baseline', { kind: 'baseline', baseline: 'cirrus-chat:default' }, 2],
    ['all-pairs', { kind: 'all-pairs' }, 3],
  ])('%s: every design pair of every item gets its votes', async (_name, design, pairCount) => {
    const loaded = await loadStudy(EXAMPLE_DIR);
    const study: Study = { ...loaded, design };
    expect(designPairs(study)).toHaveLength(pairCount);

    const progress = await runToTheEnd(study);
    expect(progress.pairs).toHaveLength(pairCount);
    const target = study.items.length * study.votesPerPair;
    for (const pair of progress.pairs) expect(pair).toMatchObject({ votes: target, target });
    expect(progress.votes).toBe(target * pairCount);
    expect(progress.openLeases).toBe(0);
  });
});
