// Rater records and leases of one study in results/<study>/raters.jsonl: one appended line per
// change ({"rater": ...} or {"lease": ...}; the last line about a rater wins), so a change costs
// the same at the first vote as at the millionth (lowdb rewrote the whole state on every change).
// Lines are written (not fsynced) before a change resolves: a killed process keeps them, and a
// power cut can cost the last leases, never a vote (votes are in the judgment log, which is fsynced).
// The journal is rewritten as its live state at every open and whenever it has grown to twice that
// size, so it stays proportional to the raters, not to the votes.
import { constants } from 'node:fs';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Lease, RaterRecord, RaterStore, SavedRaterState } from '../types.ts';
import { GroupCommit } from './group-commit.ts';
import { readLegacyState } from './legacy-state.ts';
import { JournalLine } from './rater-records.ts';
import { syncDirectory } from './sync-directory.ts';

const COMPACT_MIN_BYTES = 4 << 20;
/** Records serialised per step of a compaction, between which requests are served. */
const COMPACT_CHUNK = 2_000;


export interface RaterJournalOptions {
  /** Told of damage found and repaired while opening, in words that name the file. */
  warn: (message: string) => void;
  now?: () => number;
}

export class RaterJournal implements RaterStore {
  private readonly raters = new Map<string, RaterRecord>();
  /** The newest lease of each rater. */
  private readonly leases = new Map<string, Lease>();
  private readonly loaded: SavedRaterState;
  private handle: FileHandle | undefined;
  private readonly commits = new GroupCommit<string>((lines) => this.write(lines));
  private bytes = 0;
  private compactedBytes = 0;
  private compaction: Promise<void> | undefined;
  /** Lines written to the old file since a running compaction took its snapshot: they follow the snapshot. */
  private sinceSnapshot: string[] | undefined;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly now: () => number,
  ) {
    this.loaded = { raters: [], leases: [] };
  }

  static async open(file: string, options: RaterJournalOptions): Promise<RaterJournal> {
    const journal = new RaterJournal(file, options.now ?? Date.now);
    const retireLegacy = await journal.load(options.warn);
    await journal.rewrite();
    await retireLegacy?.();
    return journal;
  }

  get location(): string {
    return this.file;
  }

  saved(): SavedRaterState {
    return this.loaded;
  }

  putRater(rater: RaterRecord): Promise<void> {
    this.raters.set(rater.id, rater);
    return this.append(JSON.stringify({ rater }));
  }

  putLease(lease: Lease): Promise<void> {
    this.leases.set(lease.rater, lease);
    return this.append(JSON.stringify({ lease }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.compaction;
    await this.commits.drain();
    if (this.handle) {
      await this.handle.datasync();
      await this.handle.close();
    }
  }

  /** Reads the journal (or the old state.json, then returned is what sets it aside once rewritten). */
  private async load(warn: (message: string) => void): Promise<(() => Promise<void>) | undefined> {
    let text: string | undefined;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    let retireLegacy: (() => Promise<void>) | undefined;
    if (text === undefined) {
      const legacy = await readLegacyState(dirname(this.file), warn);
      for (const rater of legacy.raters) this.raters.set(rater.id, rater);
      for (const lease of legacy.leases) this.leases.set(lease.rater, lease);
      retireLegacy = legacy.retire;
    } else {
      const { damaged, torn } = this.replay(text);
      if (torn) warn(`${this.file}: its last line was cut off (the process stopped while writing it) and is dropped; the rest is kept`);
      if (damaged.length > 0) {
        const copy = `${this.file}.damaged-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}`;
        await rename(this.file, copy);
        warn(
          `${this.file}: ${damaged.length} damaged line${damaged.length === 1 ? '' : 's'} (line ${damaged.slice(0, 5).join(', ')}${damaged.length > 5 ? ', …' : ''}) skipped; ` +
            `rater state rebuilt from the rest and from the judgment log; the damaged file is kept as ${copy}`,
        );
      }
    }
    this.loaded.raters = [...this.raters.values()];
    this.loaded.leases = [...this.leases.values()];
    return retireLegacy;
  }

  /** Applies every valid line; returns the numbers of the lines that were not, and whether the last one was torn. */
  private replay(text: string): { damaged: number[]; torn: boolean } {
    const lines = text.split('\n');
    const damaged: number[] = [];
    let torn = false;
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const parsed = parseLine(line);
      if (parsed && 'rater' in parsed) this.raters.set(parsed.rater.id, parsed.rater);
      else if (parsed) this.leases.set(parsed.lease.rater, parsed.lease);
      // A last line without its newline was being written when the process died: never acknowledged.
      // Not so one with a NUL byte, which JSON.stringify never writes: blocks a power cut left unwritten.
      else if (index < lines.length - 1 || line.includes('\0')) damaged.push(index + 1);
      else torn = true;
    });
    return { damaged, torn };
  }

  private append(line: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.file}: the rater journal is closed`));
    return this.commits.push(line + '\n');
  }

  /** One write for every line queued meanwhile: many raters' changes share it. */
  private async write(lines: string[]): Promise<void> {
    const text = lines.length === 1 ? lines[0] : lines.join('');
    const handle = this.handle;
    if (!handle) throw new Error(`${this.file}: the rater journal is not open`);
    await handle.appendFile(text);
    this.bytes += Buffer.byteLength(text);
    this.sinceSnapshot?.push(text);
    if (!this.compaction && !this.closed && this.bytes > Math.max(COMPACT_MIN_BYTES, 2 * this.compactedBytes)) {
      this.compaction = this.rewrite().finally(() => (this.compaction = undefined));
      this.compaction.catch((error: unknown) => process.emitWarning(`${this.file}: compaction failed, will retry: ${String(error)}`));
    }
  }

  /**
   * Replaces the file by its live state: a snapshot written in steps (requests go on meanwhile and
   * keep appending to the old file), then the lines appended since the snapshot began, then an
   * atomic rename. Expired leases are left out.
   */
  private async rewrite(): Promise<void> {
    const temp = `${this.file}.compacting`;
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND, 0o644);
    let renamed = false;
    try {
      this.sinceSnapshot = [];
      const now = this.now();
      const raters = [...this.raters.values()];
      const leases = [...this.leases.values()].filter((lease) => lease.expiresAt > now);
      let size = 0;
      const writeChunk = async (lines: string[]) => {
        const text = lines.join('');
        size += Buffer.byteLength(text);
        await handle.appendFile(text);
      };
      for (let at = 0; at < raters.length; at += COMPACT_CHUNK) {
        await writeChunk(raters.slice(at, at + COMPACT_CHUNK).map((rater) => JSON.stringify({ rater }) + '\n'));
      }
      for (let at = 0; at < leases.length; at += COMPACT_CHUNK) {
        await writeChunk(leases.slice(at, at + COMPACT_CHUNK).map((lease) => JSON.stringify({ lease }) + '\n'));
      }
      // The switch: no append may reach the old file from here on.
      const old = this.handle;
      const release = await this.commits.hold();
      try {
        await writeChunk(this.sinceSnapshot);
        this.sinceSnapshot = undefined;
        await handle.datasync();
        await rename(temp, this.file);
        renamed = true;
        // Appends go to the new file from the rename on, whatever fails after it; the old file,
        // unlinked by the rename, is closed (else its descriptor and its disk space stay taken).
        this.handle = handle;
        this.bytes = size;
        this.compactedBytes = size;
        await old?.close();
        syncDirectory(dirname(this.file));
      } finally {
        release();
      }
    } finally {
      this.sinceSnapshot = undefined;
      if (!renamed) {
        await handle.close();
        await rm(temp, { force: true });
      }
    }
  }
}

function parseLine(line: string): JournalLine | undefined {
  try {
    const parsed = JournalLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function openRaterJournal(file: string, options: RaterJournalOptions): Promise<RaterJournal> {
  return RaterJournal.open(file, options);
}
