import { closeSync, fsyncSync, openSync } from 'node:fs';

/** Makes a file created or renamed in `dir` durable: the directory entry is data too. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
