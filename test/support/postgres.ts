// A real PostgreSQL for tests: PREFSTUDY_TEST_DATABASE_URL, else the server on this project's
// machines (127.0.0.1:5432, trust auth, database "test"). Each suite gets a schema of its own
// (through the connection's search_path), dropped afterwards, so suites never see each other's
// rows. Without a server the suites skip with a message, but never under CI=true.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

export const TEST_DATABASE_URL = process.env.PREFSTUDY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await reachable();

/** `describe` for suites that need PostgreSQL. */
export function describeWithPostgres(name: string, fn: () => void): void {
  if (unreachable) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL at ${TEST_DATABASE_URL} does not answer (${unreachable}); CI must run with it`);
    console.warn(`SKIPPED "${name}": PostgreSQL at ${TEST_DATABASE_URL} does not answer (${unreachable})`);
  }
  describe.skipIf(Boolean(unreachable))(name, fn);
}

export interface TestDatabase {
  /** A URL whose connections work in a fresh schema. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** A fresh, empty schema of the test database. */
export async function testDatabase(): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
