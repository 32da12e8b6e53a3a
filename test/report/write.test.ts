import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileContent } from '../../src/report/fileContent.ts';
import { writeAll } from '../../src/report/write.ts';

const chunked = (parts: string[]): FileContent => ({ chunks: () => parts.map((p) => Buffer.from(p, 'utf8')) });

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
});
