// The one place that picks a backend for a study's board: PostgreSQL when a database URL is given
// (--database-url or PREFSTUDY_DATABASE_URL), else the embedded files under the results folder.
import type { Study } from '../study/schema.ts';
import { openEmbeddedBoard } from './embedded/board.ts';
import { sharedFileValue } from './embedded/shared-file.ts';
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

/**
 * A value every server on this store must agree on (the cookie secret: a rater's next request may
 * reach another instance), created by whichever asks first: a file of the results folder, or a row
 * of the database.
 */
export async function sharedValue(config: StoreConfig, name: string, make: () => string): Promise<string> {
  if (config.databaseUrl) {
    const { sharedSetting } = await import('./postgres/settings.ts');
    return sharedSetting(config.databaseUrl, name, make);
  }
  return sharedFileValue(config.resultsDir, name, make);
}
