// A short hash of the user agent for the judgment record, never the agent itself. A rater sends
// the same agent string with every vote, so each distinct string is hashed once.
import { createHash } from 'node:crypto';

const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, string>();

export function hashUserAgent(ua: string): string {
  let hash = remembered.get(ua);
  if (hash === undefined) {
    hash = createHash('sha256').update(ua).digest('hex').slice(0, 16);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(ua, hash);
  }
  return hash;
}
