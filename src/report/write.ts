// Writing a report's files all or nothing: each goes to a temporary name first (chunked files are
// written chunk by chunk as they are made) and is renamed into place only when all are written.
// Names may lie in subfolders (assets/forest.svg): a temporary file sits beside its final name, so
// the rename stays within one folder, and a subfolder made here is removed again on failure.
import { mkdir, open, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileContent, FileGroup, PendingFile } from './fileContent.ts';

async function writeContent(path: string, content: FileContent): Promise<void> {
  if (typeof content === 'string') return writeFile(path, content, 'utf8');
  const file = await open(path, 'w');
  try {
    for (const chunk of content.chunks()) await file.write(chunk);
  } finally {
    await file.close();
  }
}

/** `top`, then each folder inside it down to `bottom` (`top` is `bottom` or one of its parents). */
function foldersFrom(top: string, bottom: string): string[] {
  const chain: string[] = [];
  for (let folder = bottom; folder.length >= top.length; folder = dirname(folder)) {
    chain.unshift(folder);
    if (folder === top) break;
  }
  return chain;
}

function isGroup(content: FileContent | FileGroup): content is FileGroup {
  return content instanceof Map;
}

/** Where `name` (relative to `dir`, maybe in a subfolder) is written before it is renamed into place. */
export function temporaryPath(dir: string, name: string): string {
  return join(dir, dirname(name), `.${basename(name)}.${process.pid}.tmp`);
}

/**
 * Files are written in order; a content still being made (a promise) is awaited when its turn
 * comes, and may turn out to be a folder's files (a FileGroup). Nothing is renamed into place
 * before `ready` (the report the files belong to) resolves.
 */
export async function writeAll(dir: string, files: ReadonlyMap<string, PendingFile>, ready?: Promise<unknown>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const temps: Array<[string, string]> = [];
  // Folders made here, each after its parent, to be removed (deepest first) if the write fails.
  const madeFolders: string[] = [];
  const writeOne = async (name: string, content: FileContent) => {
    const folder = join(dir, dirname(name));
    const made = await mkdir(folder, { recursive: true });
    if (made !== undefined) madeFolders.push(...foldersFrom(made, folder));
    const temp = temporaryPath(dir, name);
    // Listed before writing, so a file that fails half-written is removed too.
    temps.push([temp, join(dir, name)]);
    await writeContent(temp, content);
  };
  try {
    for (const [name, pending] of files) {
      // Fails fast when `ready` has already failed (race settles in list order), before any work.
      await Promise.race([ready, undefined]);
      const content = await pending;
      if (isGroup(content)) {
        for (const [inner, file] of content) await writeOne(join(name, inner), file);
      } else {
        await writeOne(name, content);
      }
    }
    await ready;
  } catch (err) {
    await Promise.all(temps.map(([temp]) => rm(temp, { force: true })));
    // A folder that holds something else by now is left alone (rmdir removes only empty ones).
    for (const folder of madeFolders.reverse()) await rmdir(folder).catch(() => {});
    throw err;
  }
  for (const [temp, final] of temps) await rename(temp, final);
  return temps.map(([, final]) => final);
}
