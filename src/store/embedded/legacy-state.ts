// Studies started before the rater journal kept their raters and leases in state.json (lowdb).
// A server opening such a study reads what it can from it once, and sets the file aside once the
// journal holds it (a crash before that reads it again); anything unreadable is rebuilt from the
// judgment log like any other lost state.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lease, RaterRecord, SavedRaterState } from '../types.ts';
import { LeaseSchema, RaterRecordSchema } from './rater-records.ts';

export const LEGACY_STATE_FILE = 'state.json';

interface LegacyRater extends Partial<RaterRecord> {
  answered?: unknown;
  seenItems?: unknown;
}

function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
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
    // Checked as the journal checks its own lines, so nothing migrated reads as damage later.
    for (const old of Object.values(data.raters ?? {})) {
      const { id, prolific, createdAt, consentedAt, finishedAt } = old ?? {};
      const rater = RaterRecordSchema.safeParse({ id, prolific, createdAt, consentedAt, finishedAt });
      if (rater.success) saved.raters.push(withoutUndefined(rater.data));
    }
    for (const lease of Object.values(data.leases ?? {})) {
      const checked = LeaseSchema.safeParse(lease);
      if (checked.success) saved.leases.push(checked.data);
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
