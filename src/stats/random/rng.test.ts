import { describe, expect, it } from 'vitest';
import { rngFor, Sfc32 } from './rng.ts';

describe('rngFor', () => {
  it('gives the same stream for the same seed and context, another for another', () => {
    const a = rngFor(7, 'pair', 'x');
    const b = rngFor(7, 'pair', 'x');
    const c = rngFor(7, 'pair', 'y');
    const d = rngFor(8, 'pair', 'x');
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
    expect(Array.from({ length: 5 }, d)).not.toEqual(sa);
    for (const u of sa) expect(u >= 0 && u < 1).toBe(true);
  });

  it('does not confuse the seed with the context ("1","2" vs "12")', () => {
    expect(rngFor('1', '2')()).not.toBe(rngFor('12')());
  });
});

describe('Sfc32', () => {
  it("reproduces PractRand's sfc32 (outputs of the reference C code after its 12 warm-up rounds)", () => {
    const g = new Sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, 1);
    const words = Array.from({ length: 6 }, () => g.next() * 4294967296);
    expect(words).toEqual([24724473, 838574162, 2522700496, 473542192, 3964317691, 2295682031]);
  });

  it('is a function of the seeding stream: same seed, same numbers; another seed, others', () => {
    const a = Sfc32.seededBy(rngFor(7, 'boot'));
    const b = Sfc32.seededBy(rngFor(7, 'boot'));
    const c = Sfc32.seededBy(rngFor(8, 'boot'));
    const sa = Array.from({ length: 8 }, () => a.next());
    expect(Array.from({ length: 8 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(sa);
  });

  it('gives uniforms on [0, 1): flat over 256 bins, uncorrelated in succession, all 32 bits used', () => {
    const g = Sfc32.seededBy(rngFor('sfc32-quality'));
    const draws = 1 << 20;
    const bins = new Array<number>(256).fill(0);
    let previous = g.next();
    let lag = 0;
    let sum = 0;
    let lowBits = 0;
    for (let i = 0; i < draws; i++) {
      const u = g.next();
      if (!(u >= 0 && u < 1)) throw new Error(`out of range: ${u}`);
      bins[Math.floor(u * 256)]++;
      sum += u;
      lag += (u - 0.5) * (previous - 0.5);
      lowBits += (u * 4294967296) & 1;
      previous = u;
    }
    const expected = draws / 256;
    const chi = bins.reduce((s, x) => s + (x - expected) ** 2 / expected, 0);
    // chi-square(255): mean 255, sd ~22.6; the bounds are ~5.5 sd.
    expect(chi).toBeLessThan(255 + 5.5 * 22.6);
    expect(Math.abs(sum / draws - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / draws));
    // Serial covariance of centred uniforms has sd 1/12 per term.
    expect(Math.abs(lag / draws)).toBeLessThan((5 / 12) / Math.sqrt(draws));
    expect(Math.abs(lowBits / draws - 0.5)).toBeLessThan(5 * 0.5 / Math.sqrt(draws));
  });
});
