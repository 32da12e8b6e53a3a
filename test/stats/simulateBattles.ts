// Battles among systems with known Bradley–Terry ratings, for tests and benchmarks.
import type { Outcome } from '../../src/outcomes/outcome.ts';
import { rngFor } from '../../src/stats/random/rng.ts';

export interface BattleSimulation {
  /** True ratings on the 400·log10 scale. */
  ratings: Record<string, number>;
  battles: number;
  /** Battles are spread over this many prompts (items), uniformly. */
  prompts: number;
  seed: string | number;
  /** Share of ties; wins are drawn so that a's expected score (ties as half) stays the BT value. */
  tieRate?: number;
  /** Standard deviation (rating points) of a per-prompt shift to a random half of the systems. */
  promptEffect?: number;
}

export function winProbability(ratingA: number, ratingB: number): number {
  return 1 / (1 + 10 ** ((ratingB - ratingA) / 400));
}

export function simulateBattles(sim: BattleSimulation): Outcome[] {
  const rng = rngFor(sim.seed, 'simulate-battles');
  const systems = Object.keys(sim.ratings).sort();
  const tieRate = sim.tieRate ?? 0;
  const promptShift = Array.from({ length: sim.prompts }, () => gaussian(rng) * (sim.promptEffect ?? 0));
  const outcomes: Outcome[] = new Array(sim.battles);
  for (let t = 0; t < sim.battles; t++) {
    const x = Math.floor(rng() * systems.length);
    let y = Math.floor(rng() * (systems.length - 1));
    if (y >= x) y++;
    const prompt = Math.floor(rng() * sim.prompts);
    // The prompt favours systems in the first half of the sorted list by its shift.
    const shiftA = x < systems.length / 2 ? promptShift[prompt] : 0;
    const shiftB = y < systems.length / 2 ? promptShift[prompt] : 0;
    const p = winProbability(sim.ratings[systems[x]] + shiftA, sim.ratings[systems[y]] + shiftB);
    const u = rng();
    let score: number;
    if (u < tieRate) score = 0.5;
    else score = rng() < (p - tieRate / 2) / (1 - tieRate) ? 1 : 0;
    outcomes[t] = {
      a: systems[x],
      b: systems[y],
      score,
      kind: score === 1 ? 'win' : score === 0 ? 'loss' : 'tie',
      item: `p${prompt}`,
      rater: `r${t % 50}`,
      aOnLeft: rng() < 0.5,
      time: t,
    };
  }
  return outcomes;
}

function gaussian(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
