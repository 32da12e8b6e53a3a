// The TaskBoard contract on the embedded store: a study's files under a fresh results folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedBoard } from '../../src/store/embedded/board.ts';
import { boardContract } from './board-contract.ts';

boardContract({
  name: 'embedded (JSONL files)',
  place: async () => {
    const resultsDir = await mkdtemp(join(tmpdir(), 'prefstudy-board-'));
    return {
      open: (study, now) => openEmbeddedBoard({ study, resultsDir, warn: () => undefined, now }),
      dispose: () => rm(resultsDir, { recursive: true, force: true }),
    };
  },
});
