// The embedded vote log: one JSON judgment per line in results/<study>/judgments.jsonl.
// Appends are group-committed: every append waiting while a write+fdatasync is in flight goes
// into the next single write+fdatasync, and each promise resolves only once its bytes are synced.
// The in-memory index (task-index.ts) holds task -> (offset, length), so the cost of an append never
// depends on how many judgments the log already holds, and memory stays small at a million votes. Opening
// reads every line once: it checks it, indexes it, and shows it to the caller's visitor, so whoever
// rebuilds state from the log (the rating service) needs no second pass over the file.
import { constants, readSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PrefstudyError, type Issue } from '../../errors.ts';
import { Judgment } from '../../judgments/record.ts';
import { canonicalJudgment } from '../../judgments/canonical.ts';
import { isJudgmentRecord } from '../../judgments/readers/fastJudgment.ts';
import type { JudgmentLog, JudgmentVisitor } from '../types.ts';
import { GroupCommit } from './group-commit.ts';
import { syncDirectory } from './sync-directory.ts';
import { TaskIndex } from './task-index.ts';
import { acquireWriterLock, type WriterLock } from './writer-lock.ts';

const READ_CHUNK = 1 << 20;
const MAX_ISSUES = 20;

interface Pending {
  task: string;
  bytes: Buffer;
}

export class EmbeddedJudgmentLog implements JudgmentLog {
  readonly file: string;
  private readonly handle: FileHandle;
  private size: number;
  private readonly index = new TaskIndex((offset, length) => this.read(offset, length).task);
  private readonly commits = new GroupCommit<Pending>((batch) => this.write(batch));
  private readonly inFlight = new Map<string, Promise<'written'>>();
  private closed = false;

  private readonly lock: WriterLock;

  private constructor(file: string, handle: FileHandle, lock: WriterLock) {
    this.file = file;
    this.handle = handle;
    this.lock = lock;
    this.size = 0;
  }

  /**
   * Open (or create) a log; a torn last line is cut off, any other malformed line is an error
   * naming the file and line. `visit` sees every stored judgment once, in order.
   */
  static async open(file: string, visit?: JudgmentVisitor): Promise<EmbeddedJudgmentLog> {
    await mkdir(dirname(file), { recursive: true });
    const lock = await acquireWriterLock(`${file}.lock`, file);
    try {
      const created = await createIfMissing(file);
      const handle = await open(file, constants.O_RDWR);
      try {
        const log = new EmbeddedJudgmentLog(file, handle, lock);
        await log.scan(visit);
        if (created) syncDirectory(dirname(file));
        return log;
      } catch (error) {
        await handle.close();
        throw error;
      }
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  get location(): string {
    return this.file;
  }

  async append(judgment: Judgment): Promise<'written' | 'duplicate'> {
    if (this.closed) throw new Error(`${this.file}: the judgment log is closed`);
    if (this.index.has(judgment.task)) return 'duplicate';
    const earlier = this.inFlight.get(judgment.task);
    if (earlier) {
      // The same task is being written right now: one of the two is a duplicate, unless that write fails.
      const outcome = await earlier.then(
        () => 'duplicate' as const,
        () => 'retry' as const,
      );
      return outcome === 'duplicate' ? 'duplicate' : this.append(judgment);
    }
    const bytes = Buffer.from(JSON.stringify(canonicalJudgment(judgment)) + '\n', 'utf8');
    const written = this.commits.push({ task: judgment.task, bytes }).then(() => 'written' as const);
    this.inFlight.set(judgment.task, written);
    return written;
  }

  byTask(task: string): Judgment | undefined {
    const entry = this.index.find(task);
    if (entry === -1) return undefined;
    const { offset, length } = this.index.location(entry);
    return this.read(offset, length);
  }

  has(task: string): boolean {
    return this.index.has(task);
  }

  forEach(visit: JudgmentVisitor): void {
    this.forEachLine(0, this.size, (line) => visit(JSON.parse(line) as Judgment));
  }

  count(): number {
    return this.index.size;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commits.drain();
    await this.handle.close();
    await this.lock.release();
  }

  /** One write and one fdatasync for a batch of appends; the index learns them only once synced. */
  private async write(batch: Pending[]): Promise<void> {
    const bytes = batch.length === 1 ? batch[0].bytes : Buffer.concat(batch.map((p) => p.bytes));
    const start = this.size;
    try {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, start + done);
        done += bytesWritten;
      }
      await this.handle.datasync();
    } catch (error) {
      // Cut off whatever part of the batch reached the file, so the next batch does not follow a torn line.
      await this.handle.truncate(start).catch(() => undefined);
      for (const p of batch) this.inFlight.delete(p.task);
      throw error;
    }
    let offset = start;
    for (const p of batch) {
      this.index.add(p.task, offset, p.bytes.length - 1);
      offset += p.bytes.length;
      this.inFlight.delete(p.task);
    }
    this.size = offset;
  }

  private read(offset: number, length: number): Judgment {
    const buffer = Buffer.alloc(length);
    readFully(this.handle.fd, buffer, offset);
    return JSON.parse(buffer.toString('utf8')) as Judgment;
  }

  /** Read and check every line; build the index; cut off a torn tail left by a crash mid-write. */
  private async scan(visit: JudgmentVisitor | undefined): Promise<void> {
    const { size } = await this.handle.stat();
    const issues: Issue[] = [];
    let lineNumber = 0;
    const end = this.forEachLine(0, size, (line, offset, bytes) => {
      lineNumber++;
      if (issues.length >= MAX_ISSUES || line.trim() === '') return;
      const checked = this.check(line, offset, bytes);
      if ('message' in checked) issues.push({ file: this.file, line: lineNumber, ...checked });
      else if (issues.length === 0) visit?.(checked.judgment);
    });
    if (issues.length > 0) {
      throw new PrefstudyError(
        'invalid-input',
        `${this.file}: the judgment log has malformed lines; nothing was changed. Stop the server, keep a copy of the file, ` +
          'then repair or delete the lines named below (every other line stays as it is) and start again',
        issues,
      );
    }
    if (end < size) {
      // A line without its newline was never acknowledged: the process died while writing it.
      await this.handle.truncate(end);
      await this.handle.datasync();
    }
    this.size = end;
  }

  private check(line: string, offset: number, bytes: number): Omit<Issue, 'file' | 'line'> | { judgment: Judgment } {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { message: 'not valid JSON', found: line.length > 60 ? `${line.slice(0, 60)}…` : line };
    }
    // Checked in place, not copied: at a million lines the copy was a third of the time to open.
    let record: Judgment;
    if (isJudgmentRecord(value)) {
      record = value;
    } else {
      const parsed = Judgment.safeParse(value);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return { field: first.path.join('.'), message: `not a judgment record: ${first.message}` };
      }
      record = parsed.data;
    }
    if (!this.index.add(record.task, offset, bytes)) {
      return { field: 'task', message: 'a second judgment for the same task', found: record.task };
    }
    return { judgment: record };
  }

  /**
   * Calls `visit` for every newline-terminated line in [from, to); returns the offset just after
   * the last complete line (bytes after it belong to a torn line).
   */
  private forEachLine(from: number, to: number, visit: (line: string, offset: number, bytes: number) => void): number {
    const chunk = Buffer.alloc(READ_CHUNK);
    let carry: Buffer = Buffer.alloc(0);
    let carryStart = from;
    let position = from;
    while (position < to) {
      const read = readSync(this.handle.fd, chunk, 0, Math.min(READ_CHUNK, to - position), position);
      if (read === 0) break;
      const data: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let lineStart = 0;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, lineStart)) {
        visit(data.toString('utf8', lineStart, nl), carryStart + lineStart, nl - lineStart);
        lineStart = nl + 1;
      }
      carry = Buffer.from(data.subarray(lineStart));
      carryStart += lineStart;
      position += read;
    }
    return carryStart;
  }
}

export function openJudgmentLog(file: string, visit?: JudgmentVisitor): Promise<EmbeddedJudgmentLog> {
  return EmbeddedJudgmentLog.open(file, visit);
}

async function createIfMissing(file: string): Promise<boolean> {
  try {
    const handle = await open(file, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o644);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readFully(fd: number, buffer: Buffer, position: number): void {
  let done = 0;
  while (done < buffer.length) {
    const read = readSync(fd, buffer, done, buffer.length - done, position + done);
    if (read === 0) break;
    done += read;
  }
}
