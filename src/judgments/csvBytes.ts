// CSV rows written straight into UTF-8 byte chunks: no string per row to build, join and encode
// again (on a million judgments that was most of the report's render time).

/** A cell is quoted when it holds one of these (RFC 4180). */
export const NEEDS_QUOTES = /[",\n\r]/;

const QUOTE = 34;
const COMMA = 44;
const NEWLINE = 10;
const RETURN = 13;

/** Chunks hold whole rows and are handed out once they reach this size. */
const CHUNK_BYTES = 1 << 20;
/** Cells up to this many UTF-16 units (or cached bytes) fit the row's budget; longer ones reserve room themselves. */
const SHORT = 256;
/** The most a short cell can take: every unit doubled (quotes) at 3 bytes, two quotes, a separator. */
const CELL_BYTES = 6 * SHORT + 3;

/** The arena of repeated cells: offsets take 20 bits, lengths the 10 above them (one small integer). */
const ARENA_BITS = 20;
const ARENA_MASK = (1 << ARENA_BITS) - 1;
const MAX_REPEATED = (1 << 10) - 1;

export function quoteCell(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Room is made once per row (`startRow`) for all its short cells, so the cells themselves need no
 * bounds checks: they are the hot loop of a million-row export.
 */
export class CsvByteRows {
  // A plain Uint8Array: V8 stores bytes into it about 1.6× faster than into a Buffer subclass.
  private chunk: Uint8Array;
  private view: Buffer;
  private at = 0;
  private rowStart = 0;
  private rowBudget = 0;
  private full: Buffer[] = [];
  private readonly encoded = new Map<string, number>();
  private arena = new Uint8Array(1 << 12);
  private arenaUsed = 0;

  constructor(private readonly chunkBytes = CHUNK_BYTES) {
    this.chunk = new Uint8Array(chunkBytes);
    this.view = Buffer.from(this.chunk.buffer);
  }

  /** Makes room for a row of up to `cells` cells. */
  startRow(cells: number): void {
    this.rowBudget = cells * CELL_BYTES + 1;
    this.reserve(this.rowBudget);
  }

  /** A text cell, quoted when it needs it. */
  text(s: string): void {
    if (s.length > SHORT) this.reserve(6 * s.length + 2 + this.rowBudget);
    const chunk = this.chunk;
    let at = this.at;
    // Plain ASCII is copied byte for byte; anything else takes the general path.
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80 || c === QUOTE || c === COMMA || c === NEWLINE || c === RETURN) {
        this.at += this.view.write(quoteCell(s), this.at, 'utf8');
        return;
      }
      chunk[at++] = c;
    }
    this.at = at;
  }

  /**
   * A text cell whose values repeat (systems, raters, items): each distinct value is encoded once
   * into one small arena and copied from there after. The map holds where (offset and length packed
   * in one small integer), so a cell costs one lookup and no object to follow. Returns the packed
   * place for `again`.
   */
  repeated(s: string): number {
    let place = this.encoded.get(s);
    if (place === undefined) place = this.remember(s);
    this.again(place, s);
    return place;
  }

  /** The cell `repeated(s)` wrote before, by the place it returned. */
  again(place: number, s: string): void {
    if (place < 0) {
      this.text(s);
      return;
    }
    const length = place >>> ARENA_BITS;
    const from = place & ARENA_MASK;
    if (length > SHORT) this.reserve(length + this.rowBudget);
    const chunk = this.chunk;
    const arena = this.arena;
    let at = this.at;
    for (let i = from; i < from + length; i++) chunk[at++] = arena[i];
    this.at = at;
  }

  /**
   * Encodes a new repeated value into the arena; -1 when it does not fit (it is then written as
   * text). Once the arena is full, new values are neither encoded nor kept: a column of distinct
   * values (an arena log's million unnamed prompts) must not fill the map.
   */
  private remember(s: string): number {
    // At most 3 bytes per UTF-16 unit (a doubled quote takes 2), and the two quotes.
    if (this.arenaUsed + 3 * s.length + 2 > ARENA_MASK + 1) return -1;
    const bytes = Buffer.from(quoteCell(s), 'utf8');
    let place = -1;
    if (bytes.length <= MAX_REPEATED && this.arenaUsed + bytes.length <= ARENA_MASK + 1) {
      if (this.arenaUsed + bytes.length > this.arena.length) {
        const grown = new Uint8Array(Math.min(ARENA_MASK + 1, 2 * (this.arenaUsed + bytes.length)));
        grown.set(this.arena.subarray(0, this.arenaUsed));
        this.arena = grown;
      }
      this.arena.set(bytes, this.arenaUsed);
      place = (bytes.length << ARENA_BITS) | this.arenaUsed;
      this.arenaUsed += bytes.length;
    }
    this.encoded.set(s, place);
    return place;
  }

  /** Text known to need no quotes and to be ASCII (numbers, fixed words). */
  plain(s: string): void {
    if (s.length > SHORT) this.reserve(s.length + this.rowBudget);
    const chunk = this.chunk;
    let at = this.at;
    for (let i = 0; i < s.length; i++) chunk[at++] = s.charCodeAt(i);
    this.at = at;
  }

  comma(): void {
    this.chunk[this.at++] = COMMA;
  }

  endRow(): void {
    this.chunk[this.at++] = NEWLINE;
    // Stores past the end are dropped silently: a row that outgrew its room must not pass unseen.
    if (this.at > this.chunk.length) throw new Error('CSV row larger than the room made for it: call startRow(cells) with every cell counted');
    this.rowStart = this.at;
    if (this.at >= this.chunkBytes) this.startChunk(0);
  }

  hasFull(): boolean {
    return this.full.length > 0;
  }

  /** Chunks completed since the last call. */
  takeFull(): Buffer[] {
    const full = this.full;
    this.full = [];
    return full;
  }

  /** Everything written so far that is not yet handed out (whole rows only). */
  rest(): Buffer | null {
    if (this.rowStart === 0) return null;
    const rest = this.view.subarray(0, this.rowStart);
    this.startChunk(0);
    return rest;
  }

  private reserve(bytes: number): void {
    if (this.at + bytes > this.chunk.length) this.startChunk(bytes);
  }

  /** Hands out the whole rows and carries the row being written over to a fresh chunk. */
  private startChunk(bytes: number): void {
    const partial = this.chunk.subarray(this.rowStart, this.at);
    const next = new Uint8Array(Math.max(this.chunkBytes, partial.length + bytes));
    next.set(partial, 0);
    if (this.rowStart > 0) this.full.push(this.view.subarray(0, this.rowStart));
    this.chunk = next;
    this.view = Buffer.from(next.buffer);
    this.at = partial.length;
    this.rowStart = 0;
  }
}
