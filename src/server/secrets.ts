// The two secrets of a running server. The cookie/CSRF secret must survive restarts (raters keep
// their signed cookies), so it is kept in results/.secret, or in the database that several
// instances share (a rater's next request may reach another one); the admin token is printed
// when generated.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreConfig } from '../store/open-stores.ts';
import { sharedSetting } from '../store/postgres/settings.ts';

const MIN_SECRET_LENGTH = 16;

/** `PREFSTUDY_SECRET`, else the secret kept in the database or in `<resultsDir>/.secret`, created on first use. */
export async function loadOrCreateSecret(store: StoreConfig, fromEnv?: string): Promise<string> {
  if (fromEnv && fromEnv.length >= MIN_SECRET_LENGTH) return fromEnv;
  if (store.databaseUrl) return sharedSetting(store.databaseUrl, 'cookie-secret', newSecret);
  return secretFile(store.resultsDir);
}

function newSecret(): string {
  return randomBytes(32).toString('hex');
}

async function secretFile(resultsDir: string): Promise<string> {
  const file = join(resultsDir, '.secret');
  try {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept.length >= MIN_SECRET_LENGTH) return kept;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = newSecret();
  await mkdir(resultsDir, { recursive: true });
  // 'wx': if two servers start at once, the second reads the first one's secret.
  try {
    await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return (await readFile(file, 'utf8')).trim();
  }
}

/** `PREFSTUDY_ADMIN_TOKEN`, or a fresh random token the caller must print. */
export function resolveAdminToken(fromEnv?: string): { token: string; generated: boolean } {
  if (fromEnv && fromEnv.trim()) return { token: fromEnv.trim(), generated: false };
  return { token: randomBytes(18).toString('base64url'), generated: true };
}
