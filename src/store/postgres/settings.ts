import { acquirePool, releasePool } from './pool.ts';

/** The value of a shared setting, created as `make()` by whichever instance asks first. */
export async function sharedSetting(databaseUrl: string, key: string, make: () => string): Promise<string> {
  const pool = await acquirePool(databaseUrl);
  try {
    await pool.query('INSERT INTO prefstudy_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, make()]);
    const { rows } = await pool.query<{ value: string }>('SELECT value FROM prefstudy_settings WHERE key = $1', [key]);
    return rows[0].value;
  } finally {
    await releasePool(databaseUrl);
  }
}
