// How many assignments (answered judgments + open leases) each slot has, and on which side the
// candidate was shown. Slots are grouped by coverage level so "least covered first" costs
// O(1) per update and does not scan the study.

export class Coverage {
  readonly counts: Int32Array;
  /** Times the candidate `a` of a slot was shown on the left / on the right. */
  readonly aLeft: Int32Array;
  readonly aRight: Int32Array;
  private readonly levels: number[][] = [];
  private readonly positionInLevel: Int32Array;

  constructor(slotCount: number) {
    this.counts = new Int32Array(slotCount);
    this.aLeft = new Int32Array(slotCount);
    this.aRight = new Int32Array(slotCount);
    this.positionInLevel = new Int32Array(slotCount);
    this.levels[0] = [];
    for (let slot = 0; slot < slotCount; slot++) {
      this.positionInLevel[slot] = slot;
      this.levels[0].push(slot);
    }
  }

  /** Slots at exactly this coverage level, in a deterministic (history-dependent) order. */
  level(level: number): readonly number[] {
    return this.levels[level] ?? [];
  }

  add(slot: number, aOnLeft: boolean): void {
    this.move(slot, this.counts[slot] + 1);
    if (aOnLeft) this.aLeft[slot]++;
    else this.aRight[slot]++;
  }

  remove(slot: number, aOnLeft: boolean): void {
    if (this.counts[slot] === 0) return;
    this.move(slot, this.counts[slot] - 1);
    if (aOnLeft) this.aLeft[slot] = Math.max(0, this.aLeft[slot] - 1);
    else this.aRight[slot] = Math.max(0, this.aRight[slot] - 1);
  }

  private move(slot: number, to: number): void {
    const from = this.counts[slot];
    const members = this.levels[from];
    // Swap-remove from the old level.
    const at = this.positionInLevel[slot];
    const last = members[members.length - 1];
    members[at] = last;
    this.positionInLevel[last] = at;
    members.pop();
    const target = (this.levels[to] ??= []);
    this.positionInLevel[slot] = target.length;
    target.push(slot);
    this.counts[slot] = to;
  }
}
