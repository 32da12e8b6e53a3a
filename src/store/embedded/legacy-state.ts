// Studies started before the rater journal kept their raters and leases in state.json (lowdb).
// A server opening such a study reads what it can from it once, and sets the file aside once the
// journal holds it (a crash before that reads it again); anything unreadable is rebuilt from the
// judgment log like any other lost state.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lease, RaterRecord, SavedRaterState } from '../types.ts';

export const LEGACY_STATE_FILE = 'state.json';

interface LegacyRater extends RaterRecord {
  answered?: unknown;
  seenItems?: unknown;
}

export interface LegacyState extends SavedRaterState {
  /** Sets state.json aside (and says so): to be called once the journal durably holds what was read. */
  retire(): Promise<void>;
}

export async function readLegacyState(studyResultsDir: string, warn: (message: string) => void): Promise<LegacyState> {
  const file = join(studyResultsDir, LEGACY_STATE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { raters: [], leases: [], retire: async () => undefined };
    throw error;
  }
  const saved: SavedRaterState = { raters: [], leases: [] };
  let message: string;
  try {
    const data = JSON.parse(text) as { raters?: Record<string, LegacyRater>; leases?: Record<string, Lease> };
    for (const old of Object.values(data.raters ?? {})) {
      if (typeof old?.id !== 'string' || typeof old.createdAt !== 'string') continue;
      const { id, prolific, createdAt, consentedAt, finishedAt } = old;
      saved.raters.push({ id, createdAt, ...(prolific ? { prolific } : {}), ...(consentedAt ? { consentedAt } : {}), ...(finishedAt ? { finishedAt } : {}) });
    }
    for (const lease of Object.values(data.leases ?? {})) {
      if (typeof lease?.task === 'string' && typeof lease.rater === 'string' && typeof lease.expiresAt === 'number') saved.leases.push(lease);
    }
    message = `${file}: moved ${saved.raters.length} raters and ${saved.leases.length} open tasks to the rater journal; the old file is kept as ${file}.migrated`;
  } catch (error) {
    message = `${file}: unreadable (${(error as Error).message}); rater state rebuilt from the judgment log; the old file is kept as ${file}.migrated`;
  }
  const retire = async () => {
    await rename(file, `${file}.migrated`);
    warn(message);
  };
  return { ...saved, retire };
}
