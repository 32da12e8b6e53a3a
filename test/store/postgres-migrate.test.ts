// The database's tables come from plain SQL migrations applied at start-up: each once, in order,
// also when several instances start together on an empty database.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate, migrations } from '../../src/store/postgres/migrate.ts';
import { describeWithPostgres, testDatabase, type TestDatabase } from '../support/postgres.ts';

describeWithPostgres('PostgreSQL migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('applies every migration once, in order, when three instances start together, and nothing the next time', async () => {
    const pools = Array.from({ length: 3 }, () => new pg.Pool({ connectionString: database.url, max: 2 }));
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool)));
      const names = migrations().map((m) => m.name);
      expect(names.length).toBeGreaterThanOrEqual(2);
      // Exactly one instance applied them; the others found them applied.
      expect(applied.flat().sort()).toEqual([...names].sort());
      expect(applied.filter((list) => list.length > 0)).toHaveLength(1);
      const { rows } = await pools[0].query<{ version: number; name: string }>('SELECT version, name FROM prefstudy_migrations ORDER BY version');
      expect(rows.map((r) => r.name)).toEqual(names);
      expect(await migrate(pools[1])).toEqual([]);
      const tables = await pools[0].query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
        [database.schema],
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(['judgments', 'leases', 'prefstudy_migrations', 'prefstudy_settings', 'raters', 'slots']);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
