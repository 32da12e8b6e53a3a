// One writer per judgment log. Two processes appending at their own idea of the file's end would
// overwrite each other's votes, so a log is opened for writing by one process at a time: a lock
// file holds the owner's pid; a lock whose process is gone (kill -9) is taken over.
import { constants } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { PrefstudyError } from '../../errors.ts';

const heldHere = new Set<string>();

export interface WriterLock {
  release(): Promise<void>;
}

export async function acquireWriterLock(lockFile: string, subject: string): Promise<WriterLock> {
  if (heldHere.has(lockFile)) {
    throw new PrefstudyError('conflict', `${subject} is already open for writing in this process`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockFile, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldHere.add(lockFile);
      return {
        async release() {
          heldHere.delete(lockFile);
          await unlink(lockFile).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new PrefstudyError(
        'conflict',
        `${subject} is open in another process (pid ${owner}); run one server per results directory`,
      );
    }
    // The owner is gone (or it is us after a restart with a recycled pid): take the lock over.
    await unlink(lockFile).catch(() => undefined);
  }
  throw new PrefstudyError('conflict', `could not take the writer lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
