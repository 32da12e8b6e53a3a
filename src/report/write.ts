// Writing a report's files all or nothing: each goes to a temporary name first (chunked files are
// written chunk by chunk as they are made) and is renamed into place only when all are written.
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileContent } from './fileContent.ts';

async function writeContent(path: string, content: FileContent): Promise<void> {
  if (typeof content === 'string') return writeFile(path, content, 'utf8');
  const file = await open(path, 'w');
  try {
    for (const chunk of content.chunks()) await file.write(chunk);
  } finally {
    await file.close();
  }
}

/**
 * Files are written in order; a content still being made (a promise) is awaited when its turn
 * comes. Nothing is renamed into place before `ready` (the report the files belong to) resolves.
 */
export async function writeAll(
  dir: string,
  files: ReadonlyMap<string, FileContent | Promise<FileContent>>,
  ready?: Promise<unknown>,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const temps: Array<[string, string]> = [];
  try {
    for (const [name, content] of files) {
      // Fails fast when `ready` has already failed (race settles in list order), before any work.
      await Promise.race([ready, undefined]);
      const temp = join(dir, `.${name}.${process.pid}.tmp`);
      // Listed before writing, so a file that fails half-written is removed too.
      temps.push([temp, join(dir, name)]);
      await writeContent(temp, await content);
    }
    await ready;
  } catch (err) {
    await Promise.all(temps.map(([temp]) => rm(temp, { force: true })));
    throw err;
  }
  for (const [temp, final] of temps) await rename(temp, final);
  return temps.map(([, final]) => final);
}
