// Judgments + settings -> the report model (the JSON contract). Pure and synchronous: reading
// files and writing reports happen at the edges (src/commands/report.ts, the admin pages).
import type { Judgment } from '../judgments/record.ts';
import type { ItemInfo, ReadResult } from '../judgments/read.ts';
import { finishBradleyTerry, planBradleyTerry, type BradleyTerryOptions, type BradleyTerryPlan } from '../stats/bradleyTerry.ts';
import { winMatrix, type WinMatrix } from '../stats/winMatrix.ts';
import { onlineElo } from '../stats/elo.ts';
import { pairStatistics, summarizeStatistics, type PairBootstrap, type PairSettings, type PairStatistics } from '../stats/pair.ts';
import type { PairSummary } from '../stats/types.ts';
import { APP_VERSION } from '../version.ts';
import { agreementOfTable, agreementSection } from './agreement.ts';
import { headline } from './headline.ts';
import { planningSection } from './planning.ts';
import { sensitivitySections } from './sensitivity.ts';
import { positionBiasSection, raterSection } from './raters.ts';
import { compareNeighbours } from './neighbours.ts';
import { orientPairs } from './orient.ts';
import type { OutcomeColumns } from './columns.ts';
import { outcomeColumns } from './outcomeColumns.ts';
import type { Report, ReportSettings, SourceEntry, UnboundedSystem, WinMatrixSection } from './types.ts';
import { inline, startWorker, type Offload } from './offload/offload.ts';

/** The long steps of buildReport, in order (for progress bars). */
export const REPORT_STEPS = ['ratings', 'raters', 'pairs', 'agreement', 'position bias', 'sensitivity', 'intervals'];

/**
 * From this many battle-resamples on, the bootstraps (ratings and pairs) run in a worker thread
 * (alongside the rest of the report): inline the ratings alone would take ~0.1 s or more, about
 * what a worker takes to start.
 */
const WORKER_FROM = 5e7;

export const DEFAULT_SETTINGS: ReportSettings = {
  seed: 0,
  resamples: 10_000,
  cluster: 'prompt',
  tiePolicy: 'half',
  level: 0.95,
  method: 'percentile',
  baseline: null,
  anchor: null,
  excludeFlagged: false,
  influenceTop: 10,
};

export interface ReportInput {
  sources: ReadResult[];
  settings?: Partial<ReportSettings>;
  /** Defaults to now; fixed in tests so reports can be compared byte for byte. */
  generatedAt?: string;
  /** Defaults to the first source's study id. */
  study?: string;
  /** Called before each long step (for a progress bar). */
  onStep?: (step: string, index: number, total: number) => void;
  /** Run the bootstraps (ratings, pairs) in a worker thread; by default only when large. Same numbers. */
  worker?: boolean;
}

/** Everything that follows from the judgments before any statistic: what is used and why not. */
export interface PreparedJudgments {
  used: Judgment[];
  attention: Judgment[];
  excluded: Record<string, number>;
  items: Map<string, ItemInfo>;
}

export function prepareJudgments(sources: readonly ReadResult[], flaggedRaters: ReadonlySet<string> = new Set()): PreparedJudgments {
  const used: Judgment[] = [];
  const attention: Judgment[] = [];
  const excluded: Record<string, number> = {};
  const items = new Map<string, ItemInfo>();
  const exclude = (why: string) => (excluded[why] = (excluded[why] ?? 0) + 1);
  for (const source of sources) {
    for (const [id, info] of source.items) if (!items.has(id)) items.set(id, info);
    for (const j of source.judgments) {
      if (j.attention) {
        attention.push(j);
        exclude('attention checks');
      } else if (j.left === j.right) exclude('same system on both sides');
      else if (flaggedRaters.has(j.rater)) exclude('flagged raters');
      else used.push(j);
    }
  }
  return { used, attention, excluded, items };
}

/**
 * Where systems without a finite rating can rank among the connected ones: those above sit above
 * every rated system, those below under them; undetermined ones could sit anywhere.
 */
export function unboundedSystems(
  unbounded: ReadonlyArray<{ system: string; side: UnboundedSystem['side'] }>,
  rated: number,
): UnboundedSystem[] {
  const count = (side: UnboundedSystem['side']) => unbounded.filter((u) => u.side === side).length;
  const above = count('above');
  const undetermined = count('undetermined');
  const total = rated + unbounded.length;
  return unbounded.map(({ system, side }) => ({
    system,
    side,
    rankRange: side === 'above' ? [1, above + undetermined] : side === 'below' ? [above + rated + 1, total] : [1, total],
  }));
}

/** The study a report is about (its `study` field), known before any statistic. */
export function reportStudy(input: Pick<ReportInput, 'study' | 'sources'>): string {
  return input.study ?? input.sources[0]?.study ?? 'report';
}

export async function buildReport(input: ReportInput): Promise<Report> {
  const settings: ReportSettings = { ...DEFAULT_SETTINGS, ...input.settings };
  const judgmentsRead = input.sources.reduce((n, s) => n + s.judgments.length, 0);
  // Started first: the worker loads while the main thread prepares what it will be sent.
  const offload = (input.worker ?? judgmentsRead * settings.resamples >= WORKER_FROM) ? startWorker() : inline;
  try {
    return await reportWith(input, settings, offload);
  } finally {
    await offload.close();
  }
}

/** The ratings under way: the full-data fit is done, the bootstrap draws are being made. */
interface RatingsUnderWay {
  matrix: WinMatrix;
  plan: BradleyTerryPlan | null;
  draws: Promise<Float64Array> | null;
}

/** Fits the ratings and hands their bootstrap to the offload (the worker, when there is one). */
function startRatings(columns: OutcomeColumns, settings: ReportSettings, offload: Offload): RatingsUnderWay {
  const matrix = winMatrix(columns);
  const options: BradleyTerryOptions = {
    anchor: settings.anchor ?? settings.baseline ?? undefined,
    bootstrap: { seed: settings.seed, resamples: settings.resamples, cluster: settings.cluster, level: settings.level },
  };
  const plan = matrix.systems.length >= 2 ? planBradleyTerry(columns, options) : null;
  const draws = plan?.draws ? offload.run('ratingDraws', plan.draws) : null;
  return { matrix, plan, draws };
}

/** Hands every pair's bootstrap to the offload as one job (one message, not one per pair). */
function startPairBootstraps(pairStats: readonly PairStatistics[], settings: PairSettings, offload: Offload): Promise<PairBootstrap[]> {
  return offload.run('pairBootstraps', pairStats.map((stats) => ({ stats, settings })));
}

async function reportWith(input: ReportInput, settings: ReportSettings, offload: Offload): Promise<Report> {
  const steps = REPORT_STEPS;
  const step = (name: string) => input.onStep?.(name, steps.indexOf(name), steps.length);
  let prepared = prepareJudgments(input.sources);
  const hints = input.sources.flatMap((s) => s.pairs ?? []);
  const pairs = orientPairs(prepared.used, hints, settings.baseline);
  let columns = outcomeColumns(prepared.used, pairs);

  // The ratings bootstrap is the longest step, so it starts first and runs (in the worker when
  // there is one) while the main thread computes every other section. With --exclude-flagged it
  // must wait for the raters: their votes then leave the analysis (ratingsNow reads `columns` when
  // it is called, so it then sees the columns without them).
  const ratingsNow = (): RatingsUnderWay => {
    step('ratings');
    return startRatings(columns, settings, offload);
  };
  const early = settings.excludeFlagged ? null : ratingsNow();

  // Raters are judged on everything they did.
  step('raters');
  // Agreement over all pairs is built once: its leave-one-out figures are also each rater's.
  let overallAgreement = agreementOfTable(columns, settings.seed);
  const raters = raterSection(columns, overallAgreement.leaveOneOut, prepared.attention);
  if (settings.excludeFlagged) {
    const flagged = new Set(raters.filter((r) => r.flags.length > 0).map((r) => r.id));
    if (flagged.size > 0) {
      prepared = prepareJudgments(input.sources, flagged);
      columns = outcomeColumns(prepared.used, pairs);
      overallAgreement = agreementOfTable(columns, settings.seed);
    }
  }
  const { matrix, plan: btPlan, draws: btDraws } = early ?? ratingsNow();
  const systemCounts = new Map<string, number>(matrix.systems.map((s, i) => [s, matrix.battles[i].reduce((x, y) => x + y, 0)]));

  // The pair statistics are cheap; their bootstraps follow the ratings' in the worker, and the
  // summaries are built once both are back.
  step('pairs');
  const pairSettings: PairSettings = {
    seed: settings.seed,
    resamples: settings.resamples,
    cluster: settings.cluster,
    level: settings.level,
    method: settings.method,
    tiePolicy: settings.tiePolicy,
  };
  const pairStats = pairs.map((_, slot) => pairStatistics(columns, slot, pairSettings));
  const pairBoots = startPairBootstraps(pairStats, pairSettings, offload);
  const winMatrixSection: WinMatrixSection = {
    systems: matrix.systems,
    winRate: matrix.winRate.map((row) => row.map((x) => (Number.isNaN(x) ? null : x))),
    battles: matrix.battles,
  };

  step('agreement');
  const agreement = agreementSection(columns, settings.seed, overallAgreement);
  step('position bias');
  const bias = positionBiasSection(columns, settings.level);
  step('sensitivity');
  const sensitivity = sensitivitySections(columns, prepared.items, pairSettings, settings.influenceTop);

  // Online Elo needs only the columns: made before waiting on the worker, not after.
  const elo = btPlan ? onlineElo(columns).ratings.map((r) => ({ system: r.system, rating: r.rating })) : [];

  step('intervals');
  const bt = btPlan ? finishBradleyTerry(btPlan, btDraws ? await btDraws : null) : null;
  const boots = await pairBoots;
  const summaries: PairSummary[] = pairStats.map((stats, k) => summarizeStatistics(stats, pairSettings, boots[k]));
  const ratings = bt
    ? {
        anchor: bt.anchor,
        ratings: bt.ratings,
        disconnected: bt.disconnected,
        unrated: matrix.systems.filter((id) => !bt.disconnected.includes(id) && !bt.ratings.some((r) => r.system === id)),
        unbounded: unboundedSystems(bt.unbounded, bt.ratings.length),
        neighbours: compareNeighbours(bt.ratings, summaries, settings.level),
        elo,
      }
    : null;

  const order = ratings ? ratings.ratings.map((r) => r.system) : matrix.systems;
  const systems = [...order, ...matrix.systems.filter((s) => !order.includes(s))].map((id) => ({ id, n: systemCounts.get(id) ?? 0 }));

  const sources: SourceEntry[] = input.sources.map((s) => ({ file: s.file, format: s.format, sha256: s.sha256 ?? null, ...s.counts }));
  const body: Omit<Report, 'headline'> = {
    study: reportStudy(input),
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    settings,
    n: columns.kind.length,
    systems,
    pairs: summaries,
    ratings,
    winMatrix: winMatrixSection,
    raters,
    agreement,
    positionBias: bias,
    ...sensitivity,
    planning: planningSection(summaries, settings.level),
    provenance: {
      sources,
      judgmentsRead: input.sources.reduce((n, s) => n + s.judgments.length, 0),
      excluded: prepared.excluded,
      generator: `prefstudy ${APP_VERSION}`,
    },
  };
  // Key order of the contract: headline right after n.
  const { study, generatedAt, n, settings: echoed, ...rest } = body;
  return { study, generatedAt, settings: echoed, n, headline: headline(body), ...rest };
}
