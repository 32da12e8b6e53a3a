// One connection pool per database URL in a process, shared by its studies, migrated once, and
// ended when the last study using it closes.
import pg from 'pg';
import { PrefstudyError } from '../../errors.ts';
import { migrate } from './migrate.ts';

interface Shared {
  pool: pg.Pool;
  ready: Promise<void>;
  users: number;
}

const pools = new Map<string, Shared>();

/** The URL as it may be printed: without its password. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the database';
  }
}

export async function acquirePool(url: string): Promise<pg.Pool> {
  let shared = pools.get(url);
  if (!shared) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const ready = migrate(pool).then(
      () => undefined,
      (error: unknown) => {
        throw new PrefstudyError('unavailable', `cannot use ${describeDatabase(url)}: ${(error as Error).message}`);
      },
    );
    shared = { pool, ready, users: 0 };
    pools.set(url, shared);
  }
  shared.users++;
  try {
    await shared.ready;
  } catch (error) {
    await releasePool(url);
    throw error;
  }
  return shared.pool;
}

export async function releasePool(url: string): Promise<void> {
  const shared = pools.get(url);
  if (!shared) return;
  shared.users--;
  if (shared.users > 0) return;
  pools.delete(url);
  await shared.pool.end();
}
