// A study's judgment log prefilled with n judgments consistent with a generated study (see
// writeLargeStudy): raters of 20 tasks each on distinct items, sides alternating. Written in large
// chunks and synced, so preparing a million votes is not what a benchmark measures.
import { createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

const TASKS_PER_RATER = 20;
const SYSTEMS = ['alpha-model:greedy', 'beta-model:sample'] as const;

export async function writeStoredJudgments(file: string, studyId: string, count: number, items: number): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const shownAt = Date.parse('2025-03-01T12:00:00.000Z');
  let text = '';
  for (let i = 0; i < count; i++) {
    const rater = Math.floor(i / TASKS_PER_RATER);
    const position = (i % TASKS_PER_RATER) + 1;
    const leftFirst = (rater + position) % 2 === 0;
    text +=
      JSON.stringify({
        v: 1,
        study: studyId,
        task: `stored-${i.toString(36).padStart(17, '0')}`,
        rater: `stored-rater-${rater}`,
        item: `gen-${i % items}`,
        left: SYSTEMS[leftFirst ? 0 : 1],
        right: SYSTEMS[leftFirst ? 1 : 0],
        choice: (['left', 'right', 'tie', 'both-bad'] as const)[i % 4],
        shownAt: new Date(shownAt + i * 1000).toISOString(),
        answeredAt: new Date(shownAt + i * 1000 + 41_500).toISOString(),
        seconds: 41.5,
        position,
        uaHash: 'b5d4045c3f466fa9',
        appVersion: '0.1.0',
        source: 'server',
      }) + '\n';
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      text = '';
    }
  }
  await new Promise<void>((resolve, reject) => out.end(text, () => resolve()).once('error', reject));
  const handle = await open(file, 'r+');
  await handle.sync();
  await handle.close();
}
