// Writing a report's files all or nothing: every file is rendered in memory before this is
// called; each goes to a temporary name first and is renamed into place only when all are written.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function writeAll(dir: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const temps: Array<[string, string]> = [];
  try {
    for (const [name, content] of files) {
      const temp = join(dir, `.${name}.${process.pid}.tmp`);
      await writeFile(temp, content, 'utf8');
      temps.push([temp, join(dir, name)]);
    }
  } catch (err) {
    await Promise.all(temps.map(([temp]) => rm(temp, { force: true })));
    throw err;
  }
  for (const [temp, final] of temps) await rename(temp, final);
  return temps.map(([, final]) => final);
}
