import { describe, expect, it } from 'vitest';
import {
  designEffect,
  halfWidthForVotes,
  powerForVotes,
  scoreVariance,
  votesForHalfWidth,
  votesToDetect,
} from './planning.ts';
import { rngFor } from './random/rng.ts';

describe('closed forms', () => {
  it('needs ⌈1.96² · 0.25 / 0.05²⌉ = 385 votes for ±5 points at 50%', () => {
    // 1.959963984540054² · 0.25 / 0.0025 = 384.146
    expect(votesForHalfWidth(0.05)).toEqual({ votes: 385, prompts: 385, designEffect: 1 });
  });

  it('needs fewer votes with ties: variance 0.25 - 0.2/4 = 0.2 gives ⌈307.3⌉', () => {
    expect(scoreVariance(0.5, 0.2)).toBeCloseTo(0.2, 15);
    expect(votesForHalfWidth(0.05, { tieRate: 0.2 }).votes).toBe(308);
  });

  it('inflates by the design effect and rounds up to whole prompts', () => {
    // deff = 1 + 9 · 0.1 = 1.9; 384.146 · 1.9 = 729.9 votes -> 73 prompts of 10.
    expect(designEffect(10, 0.1)).toBeCloseTo(1.9, 15);
    expect(votesForHalfWidth(0.05, { votesPerPrompt: 10, intraPromptCorrelation: 0.1 })).toEqual({
      votes: 730,
      prompts: 73,
      designEffect: 1.9,
    });
  });

  it('needs ((1.96 · 0.5 + 0.8416 · √0.24) / 0.1)² ≈ 193.9 -> 194 votes to detect 60% at 80% power', () => {
    expect(votesToDetect(0.6).votes).toBe(194);
    expect(votesToDetect(0.4).votes).toBe(194);
    expect(powerForVotes(194, 0.6)).toBeGreaterThan(0.8);
    expect(powerForVotes(194, 0.6)).toBeLessThan(0.81);
    expect(powerForVotes(1000, 0.5)).toBeCloseTo(0.05, 12);
  });

  it('inverts: the half-width at the planned votes is at most the target', () => {
    const plan = votesForHalfWidth(0.03, { winRate: 0.7, tieRate: 0.1 });
    expect(halfWidthForVotes(plan.votes, { winRate: 0.7, tieRate: 0.1 })).toBeLessThanOrEqual(0.03);
    expect(halfWidthForVotes(plan.votes - 1, { winRate: 0.7, tieRate: 0.1 })).toBeGreaterThan(0.03);
  });

  it('rejects impossible assumptions', () => {
    expect(() => scoreVariance(0.95, 0.2)).toThrow(RangeError);
    expect(() => votesToDetect(0.5)).toThrow(RangeError);
    expect(() => votesForHalfWidth(0)).toThrow(RangeError);
    expect(() => designEffect(0, 0.1)).toThrow(RangeError);
  });
});

describe('simulation with known truth', () => {
  it('reaches the planned power: about 80% of simulated studies at the planned size reject 0.5', () => {
    const plan = votesToDetect(0.6, { tieRate: 0.1 });
    const rng = rngFor('planning-power');
    const studies = 4000;
    const sdNull = Math.sqrt(scoreVariance(0.5, 0.1) / plan.votes);
    let rejected = 0;
    for (let s = 0; s < studies; s++) {
      let sum = 0;
      for (let v = 0; v < plan.votes; v++) {
        const u = rng();
        sum += u < 0.55 ? 1 : u < 0.65 ? 0.5 : 0; // wins 0.55, ties 0.1: win rate 0.6
      }
      if (Math.abs(sum / plan.votes - 0.5) > 1.959963984540054 * sdNull) rejected++;
    }
    // Binomial sd of the share over 4000 studies ≈ 0.0063.
    expect(rejected / studies).toBeGreaterThan(0.78);
    expect(rejected / studies).toBeLessThan(0.83);
  });

  it('gives the planned half-width under prompt clustering (ρ = 0.1, 10 votes per prompt)', () => {
    // Prompt win probabilities 0.5 ± d with d² / 0.25 = ρ: votes on a prompt correlate by exactly ρ.
    const rho = 0.1;
    const d = Math.sqrt(rho * 0.25);
    const plan = votesForHalfWidth(0.04, { votesPerPrompt: 10, intraPromptCorrelation: rho });
    const rng = rngFor('planning-clustered');
    const studies = 3000;
    const means: number[] = [];
    for (let s = 0; s < studies; s++) {
      let wins = 0;
      for (let p = 0; p < plan.prompts; p++) {
        const pWin = rng() < 0.5 ? 0.5 - d : 0.5 + d;
        for (let v = 0; v < 10; v++) if (rng() < pWin) wins++;
      }
      means.push(wins / plan.votes);
    }
    const mean = means.reduce((x, y) => x + y, 0) / studies;
    const sd = Math.sqrt(means.reduce((x, y) => x + (y - mean) ** 2, 0) / (studies - 1));
    const empiricalHalfWidth = 1.959963984540054 * sd;
    expect(empiricalHalfWidth / 0.04).toBeGreaterThan(0.94);
    expect(empiricalHalfWidth / 0.04).toBeLessThan(1.03);
    // Ignoring the clustering would promise a half-width √1.9 ≈ 1.38 times too small.
    expect(empiricalHalfWidth / halfWidthForVotes(plan.votes)).toBeGreaterThan(1.3);
  });
});
