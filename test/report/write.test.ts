import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileContent } from '../../src/report/fileContent.ts';
import { writeAll } from '../../src/report/write.ts';

const chunked = (parts: string[]): FileContent => ({ chunks: () => parts.map((p) => Buffer.from(p, 'utf8')) });

/** Resolves once `path` holds exactly `text` (writeAll's temporary files are written in steps). */
async function fileHolds(path: string, text: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await readFile(path, 'utf8').catch(() => null)) !== text) {
    if (Date.now() > deadline) throw new Error(`${path} did not come to hold ${JSON.stringify(text)} in ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Where writeAll writes `name` before renaming it into place. */
const temporary = (dir: string, name: string) => join(dir, `.${name}.${process.pid}.tmp`);

describe('writeAll', () => {
  it('writes whole and chunked files byte for byte', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-'));
    await writeAll(dir, new Map([['a.md', 'héllo\n'], ['b.csv', chunked(['x,y\n', '1,é\n', '2,3\n'])]]));
    expect((await readdir(dir)).sort()).toEqual(['a.md', 'b.csv']);
    expect(await readFile(join(dir, 'b.csv'), 'utf8')).toBe('x,y\n1,é\n2,3\n');
  });

  it('leaves nothing behind, not even a half-written file, when a chunk fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-'));
    const failing: FileContent = {
      chunks: function* () {
        yield Buffer.from('x,y\n');
        throw new Error('bad row');
      },
    };
    await expect(writeAll(dir, new Map<string, FileContent>([['a.md', 'ok'], ['b.csv', failing]]))).rejects.toThrow('bad row');
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes contents still being made when their turn comes, and renames only once ready', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-'));
    let finish: (value: string) => void = () => {};
    const later = new Promise<string>((resolve) => (finish = resolve));
    const written = writeAll(dir, new Map<string, FileContent | Promise<FileContent>>([['b.csv', chunked(['x\n'])], ['a.md', later]]), later);
    // The CSV is on disk under its temporary name, nothing is in place yet.
    await fileHolds(temporary(dir, 'b.csv'), 'x\n');
    expect((await readdir(dir)).filter((f) => !f.startsWith('.'))).toEqual([]);
    finish('done');
    expect((await written).map((f) => f.slice(dir.length + 1))).toEqual(['b.csv', 'a.md']);
    expect(await readFile(join(dir, 'a.md'), 'utf8')).toBe('done');
  });

  it('writes nothing when the report fails, and makes no file when it has failed already', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-'));
    let rejectLater: (err: Error) => void = () => {};
    const failing = new Promise<never>((_, reject) => (rejectLater = reject));
    const pending = writeAll(dir, new Map([['b.csv', chunked(['x\n'])]]), failing);
    // The report fails once the CSV is written (under its temporary name): that file goes too.
    await fileHolds(temporary(dir, 'b.csv'), 'x\n');
    rejectLater(new Error('bad anchor'));
    await expect(pending).rejects.toThrow('bad anchor');
    expect(await readdir(dir)).toEqual([]);

    let made = false;
    const lazy: FileContent = {
      chunks: function* () {
        made = true;
        yield Buffer.from('x\n');
      },
    };
    const failed = Promise.reject(new Error('bad anchor'));
    failed.catch(() => {});
    await expect(writeAll(dir, new Map([['b.csv', lazy]]), failed)).rejects.toThrow('bad anchor');
    expect(made).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });
});
