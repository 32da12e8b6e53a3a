// writeAll with names in a subfolder (assets/forest.svg) and with a folder's files handed over as
// one entry (the chart files, known only once the report is): still all or nothing.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileContent, FileGroup, PendingFile } from '../../src/report/fileContent.ts';
import { temporaryPath, writeAll } from '../../src/report/write.ts';

const bytes = (b: number[]): FileContent => ({ chunks: () => [Uint8Array.from(b)] });

async function fileHolds(path: string, text: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await readFile(path, 'utf8').catch(() => null)) !== text) {
    if (Date.now() > deadline) throw new Error(`${path} did not come to hold ${JSON.stringify(text)} in ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('writeAll into subfolders', () => {
  it('makes the subfolder and writes text and bytes there, the temporary file beside the final one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-folders-'));
    const written = await writeAll(dir, new Map<string, PendingFile>([['report.md', '# r\n'], ['assets/forest.svg', '<svg/>'], ['assets/forest.png', bytes([137, 80, 78, 71])]]));
    expect(written).toEqual([join(dir, 'report.md'), join(dir, 'assets/forest.svg'), join(dir, 'assets/forest.png')]);
    expect((await readdir(dir)).sort()).toEqual(['assets', 'report.md']);
    expect((await readdir(join(dir, 'assets'))).sort()).toEqual(['forest.png', 'forest.svg']);
    expect([...(await readFile(join(dir, 'assets/forest.png')))]).toEqual([137, 80, 78, 71]);
    expect(temporaryPath(dir, 'assets/forest.svg')).toBe(join(dir, 'assets', `.forest.svg.${process.pid}.tmp`));
  });

  it('writes a folder handed over as one entry, once its files are known', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-folders-'));
    let finish: (files: FileGroup) => void = () => {};
    const charts = new Promise<FileGroup>((resolve) => (finish = resolve));
    const pending = writeAll(dir, new Map<string, PendingFile>([['report.md', 'r'], ['assets', charts]]), charts);
    await fileHolds(temporaryPath(dir, 'report.md'), 'r');
    finish(new Map([['length.svg', '<svg/>'], ['length.png', bytes([1, 2])]]));
    expect((await pending).map((f) => f.slice(dir.length + 1))).toEqual(['report.md', 'assets/length.svg', 'assets/length.png']);
    expect(await readFile(join(dir, 'assets/length.svg'), 'utf8')).toBe('<svg/>');
  });

  it('leaves no file and no folder it made when a later file fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-folders-'));
    const failing: FileContent = {
      chunks: function* () {
        yield Buffer.from('half');
        throw new Error('bad chart');
      },
    };
    const files = new Map<string, PendingFile>([['report.md', 'ok'], ['assets/deep/a.svg', '<svg/>'], ['assets/b.png', failing]]);
    await expect(writeAll(dir, files)).rejects.toThrow('bad chart');
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps a subfolder that was there before, and what it holds, when the write fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-folders-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'assets', 'notes.txt'), 'mine');
    const failing: FileContent = {
      chunks: function* () {
        throw new Error('bad chart');
      },
    };
    const files = new Map<string, PendingFile>([['assets/a.svg', '<svg/>'], ['assets/b.png', failing]]);
    await expect(writeAll(dir, files)).rejects.toThrow('bad chart');
    expect(await readdir(join(dir, 'assets'))).toEqual(['notes.txt']);
  });

  it('replaces the files of an earlier run in the subfolder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-folders-'));
    await writeAll(dir, new Map<string, PendingFile>([['assets/a.svg', 'old']]));
    await writeAll(dir, new Map<string, PendingFile>([['assets/a.svg', 'new']]));
    expect(await readFile(join(dir, 'assets/a.svg'), 'utf8')).toBe('new');
    expect(await readdir(join(dir, 'assets'))).toEqual(['a.svg']);
  });
});
