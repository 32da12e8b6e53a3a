import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lease, RaterRecord, SavedRaterState } from '../types.ts';
import { openRaterJournal, type RaterJournal } from './rater-journal.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const LATER = NOW + 3_600_000;

function rater(id: string, extra: Partial<RaterRecord> = {}): RaterRecord {
  return { id, createdAt: '2026-01-01T00:00:00.000Z', ...extra };
}

function lease(task: string, raterId: string, extra: Partial<Lease> = {}): Lease {
  return { task, rater: raterId, item: 'i1', left: 'a', right: 'b', position: 1, shownAt: '2026-01-01T00:00:00.000Z', expiresAt: LATER, ...extra };
}

async function tempJournal(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'prefstudy-journal-'));
  return { dir, file: join(dir, 'raters.jsonl') };
}

/** The warning for a last line cut off by a crash mid-write: not damage, but said. */
const TORN = /its last line was cut off/;

/** Opens the journal and collects its warnings. */
async function openWithWarnings(file: string, now = NOW): Promise<{ journal: RaterJournal; warnings: string[] }> {
  const warnings: string[] = [];
  const journal = await openRaterJournal(file, { warn: (m) => warnings.push(m), now: () => now });
  return { journal, warnings };
}

/** Opens, reads what was saved, closes. */
async function reopen(file: string, now = NOW): Promise<{ saved: SavedRaterState; warnings: string[] }> {
  const { journal, warnings } = await openWithWarnings(file, now);
  const saved = journal.saved();
  await journal.close();
  return { saved, warnings };
}

type Line = { rater: RaterRecord } | { lease: Lease };

async function linesOf(file: string): Promise<Line[]> {
  const text = await readFile(file, 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

/** The state the journal's lines stand for: last rater line and last lease line of each rater win. */
function replay(lines: Line[]): { raters: Map<string, RaterRecord>; leases: Map<string, Lease> } {
  const raters = new Map<string, RaterRecord>();
  const leases = new Map<string, Lease>();
  for (const line of lines) {
    if ('rater' in line) raters.set(line.rater.id, line.rater);
    else leases.set(line.lease.rater, line.lease);
  }
  return { raters, leases };
}

const byId = (a: RaterRecord, b: RaterRecord) => a.id.localeCompare(b.id);
const byRater = (a: Lease, b: Lease) => a.rater.localeCompare(b.rater);

async function damagedCopies(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('raters.jsonl.damaged-'));
}

describe('rater journal: round trip', () => {
  it('keeps the last version of each rater and the newest lease of each, and reopens compacted without expired leases', async () => {
    const { dir, file } = await tempJournal();
    const { journal, warnings } = await openWithWarnings(file);
    expect(journal.saved()).toEqual({ raters: [], leases: [] });
    expect(journal.location).toBe(file);

    await journal.putRater(rater('r1'));
    await journal.putRater(rater('r2', { prolific: { pid: 'p', studyId: 's', sessionId: 'x' } }));
    await journal.putLease(lease('t1', 'r1'));
    await journal.putLease(lease('t2', 'r2'));
    await journal.putRater(rater('r1', { consentedAt: '2026-01-01T00:01:00.000Z' }));
    await journal.putLease(lease('t3', 'r1', { position: 2, check: { id: 'c1', expected: 'right' } }));
    await journal.putRater(rater('r3'));
    // r3's newest lease expired (its time equals now: expired), the older one not: r3 has no lease.
    await journal.putLease(lease('t4', 'r3'));
    await journal.putLease(lease('t5', 'r3', { position: 2, expiresAt: NOW }));
    // Concurrent puts all land; for r1 the later call wins.
    await Promise.all([journal.putRater(rater('r1', { consentedAt: '2026-01-01T00:01:00.000Z', finishedAt: 'f1' })), journal.putLease(lease('t6', 'r2', { position: 2 })), journal.putRater(rater('r4'))]);
    await journal.close();
    await expect(journal.putRater(rater('r5'))).rejects.toThrow(/closed/);

    const expectedRaters = [
      rater('r1', { consentedAt: '2026-01-01T00:01:00.000Z', finishedAt: 'f1' }),
      rater('r2', { prolific: { pid: 'p', studyId: 's', sessionId: 'x' } }),
      rater('r3'),
      rater('r4'),
    ];
    const first = await reopen(file);
    expect(first.warnings).toEqual([]);
    expect([...first.saved.raters].sort(byId)).toEqual(expectedRaters);
    // What was saved is what was there, the expired lease included (dropping it is the caller's job) ...
    expect([...first.saved.leases].sort(byRater)).toEqual([lease('t3', 'r1', { position: 2, check: { id: 'c1', expected: 'right' } }), lease('t6', 'r2', { position: 2 }), lease('t5', 'r3', { position: 2, expiresAt: NOW })]);
    // ... but the file was rewritten as the live state: one line per rater, one per unexpired lease.
    const lines = await linesOf(file);
    expect(lines).toHaveLength(4 + 2);
    expect(lines.filter((l) => 'rater' in l).map((l) => ('rater' in l ? l.rater : undefined))).toEqual(expect.arrayContaining(expectedRaters));
    expect(lines.filter((l) => 'lease' in l).map((l) => ('lease' in l ? l.lease.task : '')).sort()).toEqual(['t3', 't6']);

    const second = await reopen(file);
    expect(second.warnings).toEqual([]);
    expect([...second.saved.raters].sort(byId)).toEqual(expectedRaters);
    expect(second.saved.leases.map((l) => l.task).sort()).toEqual(['t3', 't6']);
    // An hour on, every lease has expired: none is written back.
    const third = await reopen(file, LATER);
    expect(third.saved.leases).toHaveLength(2);
    expect((await linesOf(file)).filter((l) => 'lease' in l)).toEqual([]);
    expect(warnings).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['raters.jsonl']);
  });

  it('has each change on disk once its promise resolves, before close', async () => {
    const { file } = await tempJournal();
    const { journal } = await openWithWarnings(file);
    const puts: Promise<void>[] = [];
    const wantRaters = new Map<string, RaterRecord>();
    const wantLeases = new Map<string, Lease>();
    for (let i = 0; i < 200; i++) {
      const task = `t${i}`;
      const id = `r${i % 17}`;
      let put: Promise<void>;
      if (i % 3 === 0) {
        wantRaters.set(id, rater(id, { consentedAt: task }));
        put = journal.putRater(rater(id, { consentedAt: task }));
      } else {
        wantLeases.set(id, lease(task, id, { position: i }));
        put = journal.putLease(lease(task, id, { position: i }));
      }
      // Checked the moment it resolves, while later puts may still be queued or in flight.
      puts.push(put.then(async () => expect(await readFile(file, 'utf8')).toContain(`"${task}"`)));
      if (i % 50 === 49) await Promise.all(puts);
    }
    await Promise.all(puts);
    // The file as it stands (no close, as after a kill -9) holds the latest of everything.
    expect(replay(await linesOf(file))).toEqual({ raters: wantRaters, leases: wantLeases });
    await journal.close();
  });
});

describe('rater journal: damage', () => {
  it('skips a damaged line in the middle, warns with the file and line numbers, keeps the damaged copy, writes a clean file', async () => {
    const { dir, file } = await tempJournal();
    const original = [
      JSON.stringify({ rater: rater('r1') }),
      '{"rater": {"id": "r2", "createdAt": "2026-01-0', // cut short: not JSON
      JSON.stringify({ lease: lease('t1', 'r1') }),
      JSON.stringify({ rater: { id: '', createdAt: 'x' } }), // JSON, but not a valid record
      JSON.stringify({ lease: { ...lease('t2', 'r3'), extra: 1 } }), // unknown field
      '',
      JSON.stringify({ rater: rater('r1', { consentedAt: 'c' }) }),
      JSON.stringify({ rater: rater('r3') }),
      '',
    ].join('\n');
    await writeFile(file, original);

    const { saved, warnings } = await reopen(file);
    expect(saved.raters.sort(byId)).toEqual([rater('r1', { consentedAt: 'c' }), rater('r3')]);
    expect(saved.leases).toEqual([lease('t1', 'r1')]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).toContain('3 damaged lines');
    expect(warnings[0]).toContain('line 2, 4, 5');

    const copies = await damagedCopies(dir);
    expect(copies).toHaveLength(1);
    expect(warnings[0]).toContain(join(dir, copies[0]));
    expect(await readFile(join(dir, copies[0]), 'utf8')).toBe(original);

    // The new file is clean: every line valid, and the next open has nothing to say.
    const lines = await linesOf(file);
    expect(lines).toHaveLength(3);
    const again = await reopen(file);
    expect(again.warnings).toEqual([]);
    expect(again.saved.raters.sort(byId)).toEqual(saved.raters);
    expect(await damagedCopies(dir)).toHaveLength(1);
  });

  it('drops a torn last line (no newline) with a warning naming the file, and keeps the rest', async () => {
    const { dir, file } = await tempJournal();
    const whole = `${JSON.stringify({ rater: rater('r1') })}\n${JSON.stringify({ lease: lease('t1', 'r1') })}\n`;
    await writeFile(file, `${whole}${JSON.stringify({ lease: lease('t2', 'r1') }).slice(0, 40)}`);
    const { saved, warnings } = await reopen(file);
    expect(warnings).toEqual([expect.stringMatching(TORN)]);
    expect(warnings[0]).toContain(file);
    expect(saved).toEqual({ raters: [rater('r1')], leases: [lease('t1', 'r1')] });
    expect(await readFile(file, 'utf8')).toBe(whole);
    expect(await damagedCopies(dir)).toEqual([]);
  });

  it('opens an empty file as an empty state, without a warning', async () => {
    const { dir, file } = await tempJournal();
    await writeFile(file, '');
    const { saved, warnings } = await reopen(file);
    expect(saved).toEqual({ raters: [], leases: [] });
    expect(warnings).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe('');
    expect(await damagedCopies(dir)).toEqual([]);
  });

  it('warns about a file of NUL bytes (left by a power cut), opens it empty and repairs it', async () => {
    const { dir, file } = await tempJournal();
    await writeFile(file, Buffer.alloc(4096));
    const { journal, warnings } = await openWithWarnings(file);
    expect(journal.saved()).toEqual({ raters: [], leases: [] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).toContain('line 1');
    expect(await damagedCopies(dir)).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toBe('');
    // Repaired: the journal works and the next open is clean.
    await journal.putRater(rater('r1'));
    await journal.close();
    expect(await reopen(file)).toEqual({ saved: { raters: [rater('r1')], leases: [] }, warnings: [] });
  });

  it('warns about NUL bytes after the last newline and keeps the lines before them', async () => {
    const { dir, file } = await tempJournal();
    const whole = `${JSON.stringify({ rater: rater('r1') })}\n${JSON.stringify({ lease: lease('t1', 'r1') })}\n`;
    await writeFile(file, Buffer.concat([Buffer.from(whole), Buffer.alloc(300)]));
    const { saved, warnings } = await reopen(file);
    expect(saved).toEqual({ raters: [rater('r1')], leases: [lease('t1', 'r1')] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('line 3');
    expect(await readFile(file, 'utf8')).toBe(whole);
    expect(await damagedCopies(dir)).toHaveLength(1);
  });

  it('opens a deleted journal as an empty state and writes a new one', async () => {
    const { file } = await tempJournal();
    const { journal } = await openWithWarnings(file);
    await journal.putRater(rater('r1'));
    await journal.putLease(lease('t1', 'r1'));
    await journal.close();
    await rm(file);
    const { saved, warnings } = await reopen(file);
    expect(saved).toEqual({ raters: [], leases: [] });
    expect(warnings).toEqual([]);
    expect(existsSync(file)).toBe(true);
  });
});

/** Descriptors of this process open on a deleted file under `dir` (Linux; undefined elsewhere). */
function deletedFilesHeldOpen(dir: string): number | undefined {
  if (!existsSync('/proc/self/fd')) return undefined;
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir) && target.endsWith('(deleted)')) count++;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}

describe('rater journal: background compaction', () => {
  it('compacts while puts go on, loses no acknowledged change and leaves a file proportional to the raters', async () => {
    const { dir, file } = await tempJournal();
    const temp = `${file}.compacting`;
    const { journal, warnings } = await openWithWarnings(file);
    const HOT = 300;
    const pad = 'p'.repeat(1_000);
    // Expected: the last record put per rater (and lease per rater); acknowledged: the put number
    // of the last one resolved. Every 10th put is the one record of a new rater, never updated
    // again: a line lost by a compaction cannot hide behind a later one of the same rater.
    const wantRaters = new Map<string, RaterRecord>();
    const wantLeases = new Map<string, Lease>();
    const ackedRaters = new Map<string, number>();
    const ackedLeases = new Map<string, number>();
    let written = 0;
    let next = 0;
    let compactions = 0;
    let ackedDuringCompaction = 0;
    let ino = statSync(file).ino;

    /** The file as it stands holds every acknowledged change (or a later one of the same rater). */
    const checkFile = () => {
      const text = readFileSync(file, 'utf8');
      // An append in flight may have written part of its lines: not acknowledged yet.
      const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
      const { raters, leases } = replay(lines);
      for (const [id, n] of ackedRaters) expect(Number(raters.get(id)?.consentedAt?.slice(1)), id).toBeGreaterThanOrEqual(n);
      for (const [id, n] of ackedLeases) expect(leases.get(id)?.position, id).toBeGreaterThanOrEqual(n);
    };

    const writer = async () => {
      // Until two compactions have run and puts were acknowledged while one was running; bounded,
      // so a journal that never compacts fails rather than spins.
      while (compactions < 2 || ackedDuringCompaction < 10) {
        if (written > 64 << 20) throw new Error(`no compaction after ${written} bytes`);
        const n = next++;
        const id = n % 10 === 0 ? `u${n}` : `r${(n * 7919) % HOT}`;
        if (n % 5 === 0) {
          const record = rater(id, { consentedAt: `c${n}` });
          wantRaters.set(id, record);
          written += JSON.stringify({ rater: record }).length + 1;
          await journal.putRater(record);
          ackedRaters.set(id, n);
        } else {
          const put = lease(`t${n}`, id, { item: `i${n}-${pad}`, position: n });
          wantLeases.set(id, put);
          written += JSON.stringify({ lease: put }).length + 1;
          await journal.putLease(put);
          ackedLeases.set(id, n);
        }
        if (existsSync(temp)) ackedDuringCompaction++;
        const now = statSync(file);
        if (now.ino !== ino) {
          compactions++;
          ino = now.ino;
          checkFile();
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
    checkFile();
    // The old files are closed, not held open (with their disk space) by the server.
    const held = deletedFilesHeldOpen(dir);
    if (held !== undefined) expect(held).toBe(0);
    await journal.close();
    expect(warnings).toEqual([]);
    expect(existsSync(temp)).toBe(false);
    expect((await stat(file)).size).toBeLessThan(written / 2);

    const { saved, warnings: reopenWarnings } = await reopen(file);
    expect(reopenWarnings).toEqual([]);
    expect(new Map(saved.raters.map((r) => [r.id, r]))).toEqual(wantRaters);
    expect(new Map(saved.leases.map((l) => [l.rater, l]))).toEqual(wantLeases);
    expect(await linesOf(file)).toHaveLength(wantRaters.size + wantLeases.size);
    expect((await stat(file)).size).toBeLessThan(written / 5);
    expect((await readdir(dir)).sort()).toEqual(['raters.jsonl']);
  });
});

describe('rater journal: migration from state.json', () => {
  const legacyRater = {
    id: 'r1',
    createdAt: '2025-06-01T00:00:00.000Z',
    prolific: { pid: 'p1', studyId: 's1', sessionId: 'x1' },
    consentedAt: '2025-06-01T00:00:05.000Z',
    answered: 12,
    seenItems: ['i1', 'i2'],
    attentionFailures: 1,
    flagged: false,
  };
  const legacyRater2 = { id: 'r2', createdAt: '2025-06-02T00:00:00.000Z', finishedAt: '2025-06-02T01:00:00.000Z', answered: 30, seenItems: [], attentionFailures: 0, flagged: true };
  const legacyLease = lease('t9', 'r1', { check: { id: 'c1', expected: 'left' }, position: 13 });

  it('moves raters (without derived fields) and leases from state.json, renames it and warns', async () => {
    const { dir, file } = await tempJournal();
    const state = JSON.stringify({ raters: { r1: legacyRater, r2: legacyRater2 }, leases: { t9: legacyLease } });
    await writeFile(join(dir, 'state.json'), state);

    const { saved, warnings } = await reopen(file);
    const expectedRaters = [
      { id: 'r1', createdAt: legacyRater.createdAt, prolific: legacyRater.prolific, consentedAt: legacyRater.consentedAt },
      { id: 'r2', createdAt: legacyRater2.createdAt, finishedAt: legacyRater2.finishedAt },
    ];
    expect(saved.raters.sort(byId)).toEqual(expectedRaters);
    expect(saved.leases).toEqual([legacyLease]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(join(dir, 'state.json'));
    expect(warnings[0]).toContain('state.json.migrated');
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
    expect(await readFile(join(dir, 'state.json.migrated'), 'utf8')).toBe(state);

    // Now in the journal, which reopens without a word and does not read the old file again.
    expect(await linesOf(file)).toHaveLength(3);
    const again = await reopen(file);
    expect(again.warnings).toEqual([]);
    expect(again.saved.raters.sort(byId)).toEqual(expectedRaters);
    expect(again.saved.leases).toEqual([legacyLease]);
  });

  it('warns about an unreadable state.json and sets it aside too', async () => {
    const { dir, file } = await tempJournal();
    await writeFile(join(dir, 'state.json'), '{"raters": {"r1": ');
    const { saved, warnings } = await reopen(file);
    expect(saved).toEqual({ raters: [], leases: [] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(join(dir, 'state.json'));
    expect(warnings[0]).toMatch(/unreadable/);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
    expect(existsSync(join(dir, 'state.json.migrated'))).toBe(true);
    expect(await reopen(file)).toEqual({ saved: { raters: [], leases: [] }, warnings: [] });
  });

  it('keeps state.json where it is until the journal holds its content', async () => {
    const { dir, file } = await tempJournal();
    const state = JSON.stringify({ raters: { r1: legacyRater }, leases: { t9: legacyLease } });
    await writeFile(join(dir, 'state.json'), state);
    // The journal cannot be written (its temporary file's name is taken by a directory): the open
    // fails, as a crash at that moment would end it, and the old state must still be there.
    await mkdir(`${file}.compacting`);
    await expect(openWithWarnings(file)).rejects.toThrow();
    expect(await readFile(join(dir, 'state.json'), 'utf8')).toBe(state);
    expect(existsSync(join(dir, 'state.json.migrated'))).toBe(false);
    expect(existsSync(file)).toBe(false);

    await rm(`${file}.compacting`, { recursive: true });
    const { saved, warnings } = await reopen(file);
    expect(saved.raters.map((r) => r.id)).toEqual(['r1']);
    expect(saved.leases).toEqual([legacyLease]);
    expect(warnings).toHaveLength(1);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
    expect(await readFile(join(dir, 'state.json.migrated'), 'utf8')).toBe(state);
  });

  it('ignores state.json when raters.jsonl exists', async () => {
    const { dir, file } = await tempJournal();
    await writeFile(file, `${JSON.stringify({ rater: rater('r7') })}\n`);
    const state = JSON.stringify({ raters: { r1: legacyRater }, leases: { t9: legacyLease } });
    await writeFile(join(dir, 'state.json'), state);
    const { saved, warnings } = await reopen(file);
    expect(saved).toEqual({ raters: [rater('r7')], leases: [] });
    expect(warnings).toEqual([]);
    expect(await readFile(join(dir, 'state.json'), 'utf8')).toBe(state);
    expect(existsSync(join(dir, 'state.json.migrated'))).toBe(false);
  });
});
