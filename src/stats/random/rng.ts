// The seeded generators of the statistics: one reproducible alea stream per (seed, context), and
// sfc32 for the bootstrap's hot loops (seeded from such a stream).
import seedrandom from 'seedrandom';

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/**
 * A seeded generator for (seed, ...context): the same arguments always give the same stream, and
 * different contexts give independent-looking streams. Alea: fast, 32-bit resolution.
 */
export function rngFor(seed: string | number, ...context: Array<string | number>): Rng {
  const key = JSON.stringify([String(seed), ...context.map(String)]);
  return seedrandom.alea(key);
}

/** A source of uniforms on [0, 1) called as a method (monomorphic, so it inlines in hot loops). */
export interface UniformSource {
  next(): number;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 32-bit): passes PractRand and
 * TestU01's BigCrush, period at least 2^32 (counter) and about 2^127 on average, and costs a few
 * integer operations with no allocation. For the bootstrap's ~10^7 uniforms; `rngFor` (alea) stays
 * the generator everywhere else.
 */
export class Sfc32 implements UniformSource {
  private readonly state = new Int32Array(4);

  constructor(a: number, b: number, c: number, d: number) {
    this.state.set([a | 0, b | 0, c | 0, d | 0]);
    // Mix the seed words before use, as the reference implementation does.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Seeded from the first four 32-bit outputs of `rng`: a function of `rng`'s own seed. */
  static seededBy(rng: Rng): Sfc32 {
    const word = (): number => Math.floor(rng() * 4294967296) | 0;
    return new Sfc32(word(), word(), word(), word());
  }

  next(): number {
    const s = this.state;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return (t >>> 0) * 2.3283064365386963e-10;
  }
}
