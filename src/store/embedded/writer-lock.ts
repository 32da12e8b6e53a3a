// One writer per judgment log. Two processes appending at their own idea of the file's end would
// overwrite each other's votes, so a log is opened for writing by one process at a time: a lock
// file holds the owner's pid (first line) and a random nonce (second line); a lock whose process
// is gone (kill -9) is taken over.
//
// Node has no flock, so every step must be safe against another process doing the same at once:
// - A lock appears only whole: it is written under a temp name and link()ed into place, which fails
//   if a lock exists (an O_EXCL create would show other processes an empty lock before the write).
// - A stale lock is never unlinked (two processes that both saw it stale could each remove the
//   other's fresh lock). It is replaced by rename() over it, and only by the holder of a takeover
//   claim: `<lock>.takeover-<hash of the stale content>-<k>`, made with link(), so exclusive. A
//   claimer that dies leaves its claim behind; the next takes slot k+1, once slots 0..k hold dead
//   pids. The nonce makes every lock's content, hence its claim names, unique: while the stale lock
//   is present only its claim holder can change it (its owner is dead; link() fails), so checking
//   the lock still has that content and then renaming is race-free; a late claimer finds other content.
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { link, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { PrefstudyError } from '../../errors.ts';

// Locks this process holds or is taking. Added before the first await, so a concurrent second open
// in this process is refused too; it is also how a lock with our own pid is told apart from one an
// earlier process with the same pid left behind (a restarted container often reuses the pid).
const heldHere = new Set<string>();

export interface WriterLock {
  release(): Promise<void>;
}

export async function acquireWriterLock(lockFile: string, subject: string): Promise<WriterLock> {
  const lock = resolve(lockFile); // one spelling per file, for heldHere
  if (heldHere.has(lock)) {
    throw new PrefstudyError('conflict', `${subject} is already open for writing in this process`);
  }
  heldHere.add(lock);
  const content = `${process.pid}\n${randomBytes(8).toString('hex')}\n`;
  const temp = `${lock}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { mode: 0o644 });
    await take(lock, subject, temp);
    // Confirm (costs one read): a lock taken by a process not following this protocol shows here.
    if ((await readOrNull(lock)) !== content) throw new PrefstudyError('conflict', `lost the writer lock ${lock}`);
    await sweep(lock);
  } catch (error) {
    heldHere.delete(lock);
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      // Remove only our own lock (never one someone put there after deleting ours by hand), and
      // only then forget it: an open in this process meanwhile would take our pid's lock as stale.
      try {
        if ((await readOrNull(lock)) === content) await unlink(lock);
      } catch {
        // Left behind, it is stale once we exit.
      } finally {
        heldHere.delete(lock);
      }
    },
  };
}

/** Makes `temp` the lock, or throws 'conflict' naming the live owner (or the process taking it over). */
async function take(lockFile: string, subject: string, temp: string): Promise<void> {
  const inUse = (pid: number) =>
    new PrefstudyError('conflict', `${subject} is open in another process (pid ${pid}); run one server per results directory`);
  attempts: for (let attempt = 0; attempt < 10; attempt++) {
    if (await tryLink(temp, lockFile)) return;
    const stale = await readOrNull(lockFile);
    if (stale === null) continue; // released meanwhile
    const owner = pidIn(stale);
    if (owner !== null && !gone(owner)) throw inUse(owner);
    // Stale (dead owner, our recycled pid, or unreadable: we never leave a partial lock, so that is
    // a crash or power loss, and refusing would block the server until someone deletes it by hand).
    const key = createHash('sha256').update(stale).digest('hex').slice(0, 16);
    let claim = '';
    for (let k = 0; !claim; k++) {
      const slot = takeoverClaimFile(lockFile, key, k);
      if (await tryLink(temp, slot)) claim = slot;
      else {
        const claimer = pidIn((await readOrNull(slot)) ?? '');
        if (claimer === null || gone(claimer)) continue;
        // A live claimer is taking this lock over, unless the lock changed already (then its claim
        // is a late one that will fail): look again, to name the real owner.
        if ((await readOrNull(lockFile)) === stale) throw inUse(claimer);
        continue attempts;
      }
    }
    try {
      if ((await readOrNull(lockFile)) === stale) {
        await rename(temp, lockFile);
        return;
      }
      // The lock changed since we read it (released, or replaced by an earlier claimer): start over.
    } finally {
      await unlink(claim).catch(() => undefined);
    }
  }
  throw new PrefstudyError('conflict', `could not take the writer lock ${lockFile}; run one server per results directory`);
}

/** Exported for tests: the name of takeover claim `k` for a stale lock whose content hashes to `key`. */
export function takeoverClaimFile(lockFile: string, key: string, k: number): string {
  return `${lockFile}.takeover-${key}-${k}`;
}

/**
 * Removes what crashed acquirers left: every takeover claim (while we hold the lock no other lock
 * content can come back, so no claim is of use) and temp files of dead processes.
 */
async function sweep(lockFile: string): Promise<void> {
  const prefix = `${basename(lockFile)}.`;
  for (const name of await readdir(dirname(lockFile)).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const tempOf = /^(\d+)-[0-9a-f]+\.tmp$/.exec(rest);
    if (rest.startsWith('takeover-') || (tempOf && Number(tempOf[1]) !== process.pid && gone(Number(tempOf[1])))) {
      await unlink(join(dirname(lockFile), name)).catch(() => undefined);
    }
  }
}

async function tryLink(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The pid on the first line, or null if there is none (pid 0 or negative would mean process groups). */
function pidIn(content: string): number | null {
  const first = /^(\d+)(?:\n|$)/.exec(content);
  const pid = first ? Number(first[1]) : 0;
  return pid > 0 && Number.isSafeInteger(pid) ? pid : null;
}

/** A pid of ours is gone: a lock held here is refused earlier, so it is from an earlier process. */
function gone(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}
