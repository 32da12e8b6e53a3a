// Opaque task ids: 18 random bytes, base64url. Drawn from a pool filled 512 ids at a time, since
// one call into the system's random source per task was a visible cost; no byte is used twice.
import { randomBytes } from 'node:crypto';

const ID_BYTES = 18;
const POOL_BYTES = ID_BYTES * 512;
let pool = Buffer.alloc(0);
let used = 0;

export function newTaskId(): string {
  if (used + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const id = pool.toString('base64url', used, used + ID_BYTES);
  used += ID_BYTES;
  return id;
}
