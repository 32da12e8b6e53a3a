// Appending judgments one at a time to a study's store, for a writer that is not the rating server:
// an LLM judge, whose judgments count toward no human quota (src/judgments/raterKind.ts). Each
// append is durable when it resolves (the embedded log's fdatasync group commit, or a committed
// row), a task already stored is not written twice, and the store is opened once for the whole run.
// Embedded: through the judgment log and its writer lock, so `serve` must not run on the same
// results folder meanwhile. PostgreSQL: plain inserts, next to running servers.
import { PrefstudyError } from '../errors.ts';
import type { Judgment } from '../judgments/record.ts';
import type { Study } from '../study/schema.ts';
import { openJudgmentLog, type EmbeddedJudgmentLog } from './embedded/judgment-log.ts';
import { judgmentLogPath } from './embedded/paths.ts';
import type { StoreConfig } from './open-stores.ts';

export interface JudgmentAppender {
  /** Where the judgments go, for messages. */
  readonly location: string;
  /** Which of these task ids the store already holds. */
  stored(tasks: readonly string[]): Promise<Set<string>>;
  /** Durably appends a judgment; 'duplicate' (nothing written) when its task is already stored. */
  append(judgment: Judgment): Promise<'written' | 'duplicate'>;
  close(): Promise<void>;
}

/**
 * Opens the study's store for appending. `doing` says what for, in the words of the error a
 * running server's writer lock gives ("import into", "write judge verdicts into").
 */
export async function openJudgmentAppender(study: Study, config: StoreConfig, doing: string): Promise<JudgmentAppender> {
  if (config.databaseUrl) {
    const { openPostgresAppender } = await import('./postgres/append-judgments.ts');
    return openPostgresAppender(study, config.databaseUrl);
  }
  const log = await openLogForWriting(judgmentLogPath(config.resultsDir, study.id), doing);
  return {
    location: log.location,
    stored: async (tasks) => new Set(tasks.filter((task) => log.has(task))),
    append: (judgment) => log.append(judgment),
    close: () => log.close(),
  };
}

/** The embedded log with its writer lock, or a clear error when a running server holds it. */
export async function openLogForWriting(file: string, doing: string): Promise<EmbeddedJudgmentLog> {
  return openJudgmentLog(file).catch((error: unknown) => {
    if (error instanceof PrefstudyError && error.code === 'conflict') {
      throw new PrefstudyError(
        'conflict',
        `cannot ${doing} ${file}: another process has it open for writing (a running prefstudy serve on this results folder?). ` +
          'Stop it and try again; nothing was written',
        [{ file, message: error.message }],
      );
    }
    throw error;
  });
}
