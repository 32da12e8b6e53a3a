// The two secrets of a running server. The cookie/CSRF secret must survive restarts (raters keep
// their signed cookies), so it is kept in results/.secret, or in the database that several
// instances share (a rater's next request may reach another one); the admin token is printed
// when generated.
import { randomBytes } from 'node:crypto';
import { PrefstudyError } from '../errors.ts';
import { sharedValue, type StoreConfig } from '../store/open-stores.ts';

const MIN_SECRET_LENGTH = 16;

/** `PREFSTUDY_SECRET`, else the secret the store keeps (results/.secret, or the database), created on first use. */
export async function loadOrCreateSecret(store: StoreConfig, fromEnv?: string): Promise<string> {
  if (fromEnv && fromEnv.length >= MIN_SECRET_LENGTH) return fromEnv;
  const kept = await sharedValue(store, 'secret', () => randomBytes(32).toString('hex'));
  if (kept.length < MIN_SECRET_LENGTH) throw new PrefstudyError('invalid-input', `the kept cookie secret is shorter than ${MIN_SECRET_LENGTH} characters: remove it (${store.databaseUrl ? 'the "secret" row of prefstudy_settings' : `${store.resultsDir}/.secret`}) to have a new one made`);
  return kept;
}

/** `PREFSTUDY_ADMIN_TOKEN`, or a fresh random token the caller must print. */
export function resolveAdminToken(fromEnv?: string): { token: string; generated: boolean } {
  if (fromEnv && fromEnv.trim()) return { token: fromEnv.trim(), generated: false };
  return { token: randomBytes(18).toString('base64url'), generated: true };
}
