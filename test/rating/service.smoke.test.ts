import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRatingService } from '../../src/rating/service.ts';
import { makeStudy, tempResultsDir } from './fixture.ts';

describe('rating service, end to end', () => {
  it('serves every task of a rater, records each answer, then says done', async () => {
    const study = makeStudy({ items: 3, raterLimit: 10, extra: { completion: { code: 'CODE42' } } });
    const resultsDir = await tempResultsDir();
    const service = await openRatingService({ study, store: { resultsDir } });
    await service.enter({ id: 'r1' });
    const positions: number[] = [];
    for (;;) {
      const current = await service.current('r1');
      if (current.kind !== 'task') {
        expect(current).toEqual({ kind: 'done', completionCode: 'CODE42' });
        break;
      }
      positions.push(current.task.position);
      expect(await service.submit('r1', { taskId: current.task.taskId, choice: 'left' })).toEqual({ kind: 'recorded' });
    }
    // Three items, one rater: never an item twice, so three tasks.
    expect(positions).toEqual([1, 2, 3]);
    await service.close();
    const lines = (await readFile(join(resultsDir, study.id, 'judgments.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((l) => (JSON.parse(l) as { item: string }).item)).size).toBe(3);
  });
});
