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

export async function writeAll(dir: string, files: ReadonlyMap<string, FileContent>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const temps: Array<[string, string]> = [];
  try {
    for (const [name, content] of files) {
      const temp = join(dir, `.${name}.${process.pid}.tmp`);
      // Listed before writing, so a file that fails half-written is removed too.
      temps.push([temp, join(dir, name)]);
      await writeContent(temp, content);
    }
  } catch (err) {
    await Promise.all(temps.map(([temp]) => rm(temp, { force: true })));
    throw err;
  }
  for (const [temp, final] of temps) await rename(temp, final);
  return temps.map(([, final]) => final);
}
