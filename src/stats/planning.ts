// How many votes a study needs: for a target interval half-width, or to detect a win rate that
// differs from 0.5. Normal approximations on the score (ties as half), inflated by the design
// effect 1 + (m - 1)·ρ when each prompt gets m votes with intra-prompt correlation ρ.
import { normalCdf, normalQuantile } from './intervals.ts';

export interface PlanningAssumptions {
  /** Share of ties and both-bad votes (scored ½); they shrink the variance to p(1-p) - t/4. Default 0. */
  tieRate?: number;
  /** Votes per prompt (m). Default 1. */
  votesPerPrompt?: number;
  /** Correlation of two votes on the same prompt (ρ). Default 0. */
  intraPromptCorrelation?: number;
}

export interface Plan {
  /** Votes to collect: a whole number of prompts times votes per prompt. */
  votes: number;
  prompts: number;
  designEffect: number;
}

/** Variance inflation of a mean over clusters of m votes with intra-cluster correlation ρ. */
export function designEffect(votesPerPrompt = 1, intraPromptCorrelation = 0): number {
  if (!(votesPerPrompt >= 1)) throw new RangeError(`votesPerPrompt must be ≥ 1, got ${votesPerPrompt}`);
  if (!(intraPromptCorrelation >= 0 && intraPromptCorrelation <= 1)) {
    throw new RangeError(`intraPromptCorrelation must be in [0, 1], got ${intraPromptCorrelation}`);
  }
  return 1 + (votesPerPrompt - 1) * intraPromptCorrelation;
}

/** Variance of one vote's score when a wins with rate p (ties as half) and ties occur at rate t. */
export function scoreVariance(winRate: number, tieRate = 0): number {
  const wins = winRate - tieRate / 2;
  const losses = 1 - winRate - tieRate / 2;
  if (!(tieRate >= 0 && wins >= 0 && losses >= 0)) {
    throw new RangeError(`a win rate of ${winRate} is impossible with a tie rate of ${tieRate}`);
  }
  return winRate * (1 - winRate) - tieRate / 4;
}

function planFor(effectiveVotes: number, a: PlanningAssumptions): Plan {
  const m = a.votesPerPrompt ?? 1;
  const deff = designEffect(m, a.intraPromptCorrelation ?? 0);
  const prompts = Math.max(1, Math.ceil((effectiveVotes * deff) / m - 1e-9));
  return { votes: prompts * m, prompts, designEffect: deff };
}

/** Votes needed for a confidence interval of the win rate with the given half-width (default 95%, at p = 0.5). */
export function votesForHalfWidth(
  halfWidth: number,
  options: PlanningAssumptions & { winRate?: number; level?: number } = {},
): Plan {
  if (!(halfWidth > 0 && halfWidth < 1)) throw new RangeError(`halfWidth must be in (0, 1), got ${halfWidth}`);
  const z = normalQuantile(1 - (1 - (options.level ?? 0.95)) / 2);
  const variance = scoreVariance(options.winRate ?? 0.5, options.tieRate ?? 0);
  return planFor((z * z * variance) / (halfWidth * halfWidth), options);
}

/** Expected half-width of the win-rate interval with this many votes. */
export function halfWidthForVotes(
  votes: number,
  options: PlanningAssumptions & { winRate?: number; level?: number } = {},
): number {
  const z = normalQuantile(1 - (1 - (options.level ?? 0.95)) / 2);
  const deff = designEffect(options.votesPerPrompt ?? 1, options.intraPromptCorrelation ?? 0);
  return z * Math.sqrt((scoreVariance(options.winRate ?? 0.5, options.tieRate ?? 0) * deff) / votes);
}

/** Power of the two-sided test of "win rate = 0.5" at level alpha when the true win rate is `winRate`. */
export function powerForVotes(
  votes: number,
  winRate: number,
  options: PlanningAssumptions & { alpha?: number } = {},
): number {
  const t = options.tieRate ?? 0;
  const deff = designEffect(options.votesPerPrompt ?? 1, options.intraPromptCorrelation ?? 0);
  const sdNull = Math.sqrt((scoreVariance(0.5, t) * deff) / votes);
  const sdAlt = Math.sqrt((scoreVariance(winRate, t) * deff) / votes);
  const critical = normalQuantile(1 - (options.alpha ?? 0.05) / 2) * sdNull;
  const shift = winRate - 0.5;
  return normalCdf((shift - critical) / sdAlt) + normalCdf((-shift - critical) / sdAlt);
}

/** Votes needed to detect a true win rate `winRate` (≠ 0.5) with the given power (0.8) and two-sided alpha (0.05). */
export function votesToDetect(
  winRate: number,
  options: PlanningAssumptions & { power?: number; alpha?: number } = {},
): Plan {
  const shift = Math.abs(winRate - 0.5);
  if (!(shift > 0)) throw new RangeError('votesToDetect needs a win rate different from 0.5');
  const power = options.power ?? 0.8;
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be in (0, 1), got ${power}`);
  const t = options.tieRate ?? 0;
  const zAlpha = normalQuantile(1 - (options.alpha ?? 0.05) / 2);
  const zPower = normalQuantile(power);
  const effectiveVotes = ((zAlpha * Math.sqrt(scoreVariance(0.5, t)) + zPower * Math.sqrt(scoreVariance(winRate, t))) / shift) ** 2;
  return planFor(effectiveVotes, options);
}
