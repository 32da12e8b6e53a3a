// Every random choice of the scheduler comes from seedrandom seeded by (study seed, context), so
// the same study and the same sequence of arrivals give the same schedule.
import seedrandom from 'seedrandom';

/** A uniform number in [0, 1) determined by the study seed and the context of the choice. */
export function seededUniform(seed: string | number, ...context: Array<string | number>): number {
  return seedrandom([String(seed), ...context.map(String)].join('\u0000'))();
}
