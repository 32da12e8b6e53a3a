// Where each task's judgment sits in the log: task -> (offset, length), for a million tasks. A Map
// keyed by the task strings cost ~0.7 s of a million-line open and ~100 MB, most of it keeping a
// million strings alive; this table keeps only a 64-bit hash of each task in typed arrays. Two
// tasks can share a hash (about once in 10^4 logs of a million lines), so a hit is confirmed by
// reading the task back from the log: the answer is exact, and only hits pay for a read.

const EMPTY = 0;

export class TaskIndex {
  private hashHigh = new Int32Array(1024);
  private hashLow = new Int32Array(1024);
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  /** Open addressing: entry number + 1 per slot, EMPTY where free; at most half full. */
  private slots = new Int32Array(2048);
  private entries = 0;

  /** `taskAt` reads the task of the judgment at (offset, length) back from the log. */
  constructor(private readonly taskAt: (offset: number, length: number) => string) {}

  get size(): number {
    return this.entries;
  }

  /** The entry number of a task, or -1. */
  find(task: string): number {
    hash(task);
    const mask = this.slots.length - 1;
    for (let slot = (low ^ high) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === EMPTY) return -1;
      const entry = held - 1;
      if (this.hashHigh[entry] === high && this.hashLow[entry] === low && this.taskAt(this.offsets[entry], this.lengths[entry]) === task) return entry;
    }
  }

  has(task: string): boolean {
    return this.find(task) !== -1;
  }

  /** Where the judgment of a known task is. */
  location(entry: number): { offset: number; length: number } {
    return { offset: this.offsets[entry], length: this.lengths[entry] };
  }

  /** Adds a task unless it is there already (then false): one hash and one probe either way. */
  add(task: string, offset: number, length: number): boolean {
    if (this.entries === this.offsets.length) this.growEntries();
    if (2 * (this.entries + 1) > this.slots.length) this.growSlots();
    hash(task);
    const mask = this.slots.length - 1;
    let slot = (low ^ high) & mask;
    for (let held = this.slots[slot]; held !== EMPTY; held = this.slots[slot]) {
      const entry = held - 1;
      if (this.hashHigh[entry] === high && this.hashLow[entry] === low && this.taskAt(this.offsets[entry], this.lengths[entry]) === task) return false;
      slot = (slot + 1) & mask;
    }
    const entry = this.entries++;
    this.hashHigh[entry] = high;
    this.hashLow[entry] = low;
    this.offsets[entry] = offset;
    this.lengths[entry] = length;
    this.slots[slot] = entry + 1;
    return true;
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1;
    let slot = (this.hashLow[entry] ^ this.hashHigh[entry]) & mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }

  private growEntries(): void {
    const size = this.offsets.length * 2;
    this.hashHigh = grown(this.hashHigh, new Int32Array(size));
    this.hashLow = grown(this.hashLow, new Int32Array(size));
    this.offsets = grown(this.offsets, new Float64Array(size));
    this.lengths = grown(this.lengths, new Uint32Array(size));
  }

  private growSlots(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let entry = 0; entry < this.entries; entry++) this.place(entry);
  }
}

function grown<T extends Int32Array | Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The two halves of the last hash computed (no object per call: this runs a million times at open). */
let high = 0;
let low = 0;

/** A 64-bit hash of a task as two independent 32-bit ones: FNV-1a and murmur3's mixing, per UTF-16 unit. */
function hash(text: string): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    let k = Math.imul(c, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    b ^= k;
    b = (Math.imul((b << 13) | (b >>> 19), 5) + 0xe6546b64) | 0;
  }
  b ^= b >>> 16;
  b = Math.imul(b, 0x85ebca6b);
  b ^= b >>> 13;
  high = a | 0;
  low = b | 0;
}
