// The one place that picks a backend for a study's board: PostgreSQL when a database URL is given
// (--database-url or PREFSTUDY_DATABASE_URL), else the embedded files under the results folder.
import type { Study } from '../study/schema.ts';
import { openEmbeddedBoard } from './embedded/board.ts';
import type { TaskBoard } from './types.ts';

export interface StoreConfig {
  /** The embedded store's folder (results/<study-id>/ under it). */
  resultsDir: string;
  /** postgres://… : the study's state lives in that database instead. */
  databaseUrl?: string;
}

export interface OpenBoardOptions {
  study: Study;
  config: StoreConfig;
  /** Told of damage a store found and repaired on its own. */
  warn: (message: string) => void;
  now?: () => Date;
}

export async function openBoard(options: OpenBoardOptions): Promise<TaskBoard> {
  const { study, config, warn, now } = options;
  if (config.databaseUrl) {
    const { openPostgresBoard } = await import('./postgres/board.ts');
    return openPostgresBoard({ study, databaseUrl: config.databaseUrl, ...(now ? { now } : {}) });
  }
  return openEmbeddedBoard({ study, resultsDir: config.resultsDir, warn, ...(now ? { now } : {}) });
}
