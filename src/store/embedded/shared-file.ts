// A value kept in a small file of the results folder (`.secret`), created once: if two servers
// start at once, the second reads what the first wrote.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function sharedFileValue(resultsDir: string, name: string, make: () => string): Promise<string> {
  const file = join(resultsDir, `.${name}`);
  try {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept) return kept;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const value = make();
  await mkdir(resultsDir, { recursive: true });
  try {
    await writeFile(file, value + '\n', { mode: 0o600, flag: 'wx' });
    return value;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return (await readFile(file, 'utf8')).trim();
  }
}
