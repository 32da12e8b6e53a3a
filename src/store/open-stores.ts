// The one place that picks a backend for a study's stores. Only the embedded one exists today:
// the JSONL judgment log and the rater journal under results/<study>/.
import { openJudgmentLog } from './embedded/judgment-log.ts';
import { judgmentLogPath, raterJournalPath } from './embedded/paths.ts';
import { openRaterJournal } from './embedded/rater-journal.ts';
import type { JudgmentLog, JudgmentVisitor, RaterStore } from './types.ts';

export interface StudyStores {
  log: JudgmentLog;
  raters: RaterStore;
}

export interface OpenStoresOptions {
  resultsDir: string;
  studyId: string;
  /** Sees every stored judgment once while the log opens (rebuilding state needs no second pass). */
  visit?: JudgmentVisitor;
  /** Told of damage a store found and repaired on its own. */
  warn: (message: string) => void;
}

export async function openStores(options: OpenStoresOptions): Promise<StudyStores> {
  // The log first: it holds the writer lock that makes this process the study's only writer.
  const log = await openJudgmentLog(judgmentLogPath(options.resultsDir, options.studyId), options.visit);
  try {
    const raters = await openRaterJournal(raterJournalPath(options.resultsDir, options.studyId), { warn: options.warn });
    return { log, raters };
  } catch (error) {
    await log.close();
    throw error;
  }
}
