// The report model: the JSON contract of DESIGN.md ("The report contract"). Field names are
// camelCase and stable; every interval is [low, high] in the unit of its point estimate. Numbers
// that do not exist (a relative win rate with no decisive vote) are null in JSON.
import type { ClusterBy, Interval, PairSummary, Rating, TiePolicy } from '../stats/types.ts';
import type { JudgmentFormat, ReadCounts } from '../judgments/read.ts';

/** Whose judgments the win rates use: people's, LLM judges' (rater judge:<model>), or both. */
export type RaterSelection = 'human' | 'judge' | 'all';

export interface ReportSettings {
  seed: string | number;
  resamples: number;
  cluster: ClusterBy;
  tiePolicy: TiePolicy;
  level: number;
  method: 'percentile' | 'bca';
  baseline: string | null;
  anchor: string | null;
  excludeFlagged: boolean;
  /** How many prompts the influence table lists. */
  influenceTop: number;
  /** Default: people's judgments when there are any, else all. */
  raters: RaterSelection;
}

export interface SystemEntry {
  id: string;
  /** Judgments (used in win rates) that involve the system. */
  n: number;
}

export type PairEntry = PairSummary;

export interface NeighbourComparison {
  higher: string;
  lower: string;
  /** Whether the data separates them: their rating intervals are disjoint, or their pairwise win-rate interval excludes 0.5. */
  resolved: boolean;
  ratingIntervalsOverlap: boolean;
  /** higher's win rate against lower from their direct comparisons, when they met. */
  pairWinRate: number | null;
  pairWinRateCI: Interval | null;
}

export interface RatingsSection {
  anchor: string;
  ratings: Rating[];
  disconnected: string[];
  /** Systems that were compared but got no rating from the fit (e.g. one side won every comparison). */
  unrated: string[];
  /**
   * The same systems with why (Bradley–Terry's `unbounded`): `above` won, `below` lost every chain of
   * comparisons back to the anchor's group, so no finite rating exists; `undetermined` cannot be
   * placed. `rankRange` is where each can sit among all connected systems.
   */
  unbounded: UnboundedSystem[];
  neighbours: NeighbourComparison[];
  /** Online Elo as a secondary view (order-dependent). */
  elo: Array<{ system: string; rating: number }>;
}

export interface UnboundedSystem {
  system: string;
  side: 'above' | 'below' | 'undetermined';
  rankRange: [number, number];
}

export interface WinMatrixSection {
  systems: string[];
  /** winRate[i][j]: row system's win rate against the column system; null when they never met. */
  winRate: Array<Array<number | null>>;
  battles: number[][];
}

export interface RaterEntry {
  id: string;
  n: number;
  leftShare: number | null;
  /** Agreement with the other raters on shared tasks (leave-one-out), null when never overlapped. */
  agreement: number | null;
  medianSeconds: number | null;
  attentionChecks: number;
  attentionFailures: number;
  flags: string[];
}

export interface AgreementFigures {
  /** Tasks (item and pair) judged by two or more raters, and the judgments on them. */
  items: number;
  judgments: number;
  raters: number;
  /** Share of pairs of judgments on the same task that agree (win / loss / tie / both bad). */
  pairwisePercent: number | null;
  /** AlpacaFarm's leave-one-out agreement: each judgment against the majority of the others. */
  leaveOneOut: number | null;
  /** Cohen's kappa on the first two judgments of each task. */
  cohenKappa: number | null;
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
}

/** Cohen's kappa between two raters on the tasks both judged (each one's first judgment of a task). */
export interface RaterPairAgreement {
  /** Rater ids, a < b. */
  a: string;
  b: string;
  tasks: number;
  /** Share of those tasks on which they gave the same outcome, and the share expected by chance. */
  observed: number;
  expected: number;
  kappa: number | null;
}

export interface AgreementSection extends AgreementFigures {
  byPair: Array<AgreementFigures & { a: string; b: string }>;
  /** Every pair of raters with at least `raterPairMinTasks` tasks in common. */
  raterPairs: RaterPairAgreement[];
  raterPairMinTasks: number;
}

export interface PositionBiasSection {
  n: number;
  leftShare: number | null;
  leftShareCI: Interval | null;
  pValue: number | null;
  /**
   * Whether each pair was shown both ways round (the first system on the left in 25–75% of votes).
   * When not, the left share mixes position with quality (e.g. AlpacaEval always shows the baseline first).
   */
  counterbalanced: boolean;
  /** Per pair: how often the left side was chosen. */
  byPair: Array<{ a: string; b: string; n: number; leftShare: number | null; leftShareCI: Interval | null }>;
}

export interface InfluenceEntry {
  item: string;
  a: string;
  b: string;
  n: number;
  /** a's win rate without this prompt minus with it (positive: the prompt hurt a). */
  delta: number;
  winRateWithout: number;
  prompt: string | null;
}

/** How far a few prompts move a pair: a's win rate after dropping the k prompts that lower (down) or raise (up) it most. */
export interface DropCurve {
  a: string;
  b: string;
  /**
   * Every prompt of the pair has one vote: leaving a prompt out is leaving a vote out, so no prompt
   * stands out from the others with its outcome. The pair has no rows in `influence`.
   */
  singleVotePrompts: boolean;
  down: Array<{ k: number; dropped: string | null; winRate: number }>;
  up: Array<{ k: number; dropped: string | null; winRate: number }>;
}

export interface BucketEntry {
  a: string;
  b: string;
  bucket: string;
  /** length(a) − length(b) in characters: low ≤ difference < high; null for an open end. */
  low: number | null;
  high: number | null;
  n: number;
  winRate: number;
  winRateCI: Interval | null;
}

export interface TagEntry {
  tag: string;
  a: string;
  b: string;
  n: number;
  winRate: number;
  winRateCI: Interval | null;
}

/** How many votes a pair would need (normal approximation, from its observed win and tie rates). */
export interface PlanningEntry {
  a: string;
  b: string;
  n: number;
  winRate: number;
  /** Whether the win-rate interval already excludes 0.5. */
  resolved: boolean;
  /** Votes to detect the observed win rate against 0.5 with 80% power at alpha 0.05; null at exactly 0.5. */
  votesToDetect: number | null;
  /** Votes for a 95% interval of ±3 points. */
  votesForHalfWidth3: number | null;
}

export interface SourceEntry extends ReadCounts {
  file: string;
  format: JudgmentFormat;
  sha256: string | null;
}

/** How a study's items were made by `prefstudy import`: the files, their digests, how they were sampled. */
export interface ImportEntry {
  study: string;
  importer: string;
  importedAt: string;
  sources: Array<{
    file: string;
    sha256: string;
    format: string | null;
    system: string | null;
    generator: string | null;
    samplingConfig: string | null;
    samplingParams: Record<string, unknown> | null;
    sampleIndex: number | null;
  }>;
  /** Prompts the import left out (e.g. a system had no completion for them). */
  droppedPrompts: number;
}

export interface Provenance {
  sources: SourceEntry[];
  /** The imports behind the study folders read, if any. */
  imports: ImportEntry[];
  judgmentsRead: number;
  /** Judgments left out of the win rates, and why. */
  excluded: Record<string, number>;
  generator: string;
}

/** One LLM judge beside the people who rated the same tasks. */
export interface JudgeEntry {
  judge: string;
  /** The judge's verdicts used. */
  n: number;
  /** The judge's answer beside the people's, in one sentence. */
  headline: string;
  pairs: Array<{
    a: string;
    b: string;
    n: number;
    winRate: number | null;
    winRateCI: Interval;
    humanN: number;
    humanWinRate: number | null;
    humanWinRateCI: Interval;
    /** Whether the judge's win rate lies inside the people's interval; null when they have none. */
    insideHumanCI: boolean | null;
  }>;
  agreement: {
    /** Tasks (item and pair) with a judge verdict and at least one human vote. */
    tasks: number;
    /** Share of (verdict, human vote) pairs on the same task that agree. */
    percent: number | null;
    /** AlpacaFarm's leave-one-out: the verdict against the majority of the other humans, over tasks with two votes or more. */
    majority: number | null;
    /** A held-out human against the same majority, on the same tasks. */
    humanMajority: number | null;
    majorityTasks: number;
    /** The verdicts against each task's first human vote. */
    cohenKappa: number | null;
  };
  positionBias: {
    /** Decisive verdicts whose side is known, and how often the left answer won. */
    n: number;
    leftShare: number | null;
    leftShareCI: Interval | null;
    pValue: number | null;
    /** Tasks judged in both orders, and the share with the same verdict both times. */
    swapTasks: number;
    swapConsistent: number | null;
  };
}

export interface Report {
  study: string;
  /** --title, else the study's title, else the comparison read ("a vs b", "12 systems from battles.csv"). */
  title: string;
  generatedAt: string;
  settings: ReportSettings;
  /** Judgments used in the win rates. */
  n: number;
  headline: string;
  systems: SystemEntry[];
  pairs: PairEntry[];
  ratings: RatingsSection | null;
  winMatrix: WinMatrixSection;
  raters: RaterEntry[];
  agreement: AgreementSection | null;
  positionBias: PositionBiasSection | null;
  influence: InfluenceEntry[];
  dropCurves: DropCurve[];
  lengthBuckets: BucketEntry[];
  tags: TagEntry[];
  planning: PlanningEntry[];
  /** LLM judges beside the people, when the judgments hold both. */
  judges: JudgeEntry[];
  provenance: Provenance;
}
