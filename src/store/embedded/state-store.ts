// Small mutable state of one study (raters and open leases) in lowdb at results/<study>/state.json.
// lowdb rewrites the whole file on each write, which is fine for this state and would not be for
// votes. Everything here can be rebuilt or reconciled from the judgment log, so a write lost in a
// crash loses no vote. Reads are served from memory; writes update memory at once, then persist.
// Persisting is coalesced: however many changes arrive while a write is in flight, they go to disk
// in one following write, so the file is serialised once per write, not once per change. The file
// grows with the raters, so a write also waits until serialising has taken at most 1/SERIALISE_SHARE
// of the time since the last one: however big the state, saving it costs a bounded share of the CPU.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { Lease, RaterRecord, StateStore } from '../types.ts';

const SERIALISE_SHARE = 20;
/** Shorter waits are not worth a timer. */
const MIN_WAIT_MS = 1;

export interface StateData {
  raters: Record<string, RaterRecord>;
  leases: Record<string, Lease>;
}

export class EmbeddedStateStore implements StateStore {
  private readonly db: Low<StateData>;
  private readonly leaseByRater = new Map<string, string>();
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private lastWriteStart = 0;
  private lastSerialiseMs = 0;

  private constructor(db: Low<StateData>) {
    this.db = db;
    for (const lease of Object.values(db.data.leases)) this.leaseByRater.set(lease.rater, lease.task);
  }

  static async open(file: string): Promise<EmbeddedStateStore> {
    await mkdir(dirname(file), { recursive: true });
    // Not JSONFilePreset: under NODE_ENV=test it silently keeps everything in memory.
    // Compact JSON (lowdb's JSONFile indents): serialising is the cost that grows with the raters.
    const adapter = new DataFile<StateData>(file, { parse: (text) => JSON.parse(text) as StateData, stringify: (data) => JSON.stringify(data) });
    const db = new Low<StateData>(adapter, { raters: {}, leases: {} });
    await db.read();
    db.data.raters ??= {};
    db.data.leases ??= {};
    return new EmbeddedStateStore(db);
  }

  getRater(id: string): RaterRecord | undefined {
    return Object.hasOwn(this.db.data.raters, id) ? this.db.data.raters[id] : undefined;
  }

  putRater(rater: RaterRecord): Promise<void> {
    this.db.data.raters[rater.id] = rater;
    return this.persist();
  }

  raters(): RaterRecord[] {
    return Object.values(this.db.data.raters);
  }

  getLease(task: string): Lease | undefined {
    return Object.hasOwn(this.db.data.leases, task) ? this.db.data.leases[task] : undefined;
  }

  leaseOf(rater: string): Lease | undefined {
    const task = this.leaseByRater.get(rater);
    return task === undefined ? undefined : this.getLease(task);
  }

  leases(): Lease[] {
    return Object.values(this.db.data.leases);
  }

  putLease(lease: Lease): Promise<void> {
    const previous = this.leaseOf(lease.rater);
    if (previous && previous.task !== lease.task) delete this.db.data.leases[previous.task];
    this.db.data.leases[lease.task] = lease;
    this.leaseByRater.set(lease.rater, lease.task);
    return this.persist();
  }

  deleteLease(task: string): Promise<void> {
    const lease = this.getLease(task);
    if (!lease) return Promise.resolve();
    delete this.db.data.leases[task];
    if (this.leaseByRater.get(lease.rater) === task) this.leaseByRater.delete(lease.rater);
    return this.persist();
  }

  async close(): Promise<void> {
    await this.persist();
  }

  /** Resolves once a write that includes every change made so far has landed. */
  private persist(): Promise<void> {
    // A write waiting for its turn serialises the data as it is then, this change included.
    if (this.queued) return this.queued;
    // Even with nothing in flight, start a microtask later: changes made together (a lease and
    // its rater) then share one write.
    const queued = (this.inFlight ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.spacing())
      .then(() => {
        this.queued = undefined;
        return this.startWrite();
      });
    this.queued = queued;
    return queued;
  }

  /** Waits until the last serialisation is at most 1/SERIALISE_SHARE of the time since it began. */
  private spacing(): Promise<void> | undefined {
    const wait = this.lastWriteStart + SERIALISE_SHARE * this.lastSerialiseMs - performance.now();
    return wait >= MIN_WAIT_MS ? new Promise((resolve) => setTimeout(resolve, wait)) : undefined;
  }

  private startWrite(): Promise<void> {
    this.lastWriteStart = performance.now();
    // db.write() serialises synchronously, taking in every change made until now.
    const written = this.db.write();
    this.lastSerialiseMs = performance.now() - this.lastWriteStart;
    this.inFlight = written;
    written
      .finally(() => {
        if (this.inFlight === written) this.inFlight = undefined;
      })
      .catch(() => undefined);
    return written;
  }
}

export function openStateStore(file: string): Promise<EmbeddedStateStore> {
  return EmbeddedStateStore.open(file);
}
