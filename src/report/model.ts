// Judgments + settings -> the report model (the JSON contract), section by section; each section
// is made in its own file from the one outcome table. Reading files and writing reports happen at
// the edges (src/commands/report.ts, the admin pages).
import type { ReadResult } from '../judgments/read.ts';
import type { OutcomeTable } from '../outcomes/table.ts';
import { agreementOfTable, agreementSection } from './agreement.ts';
import { analyse } from './analysis.ts';
import { headline } from './headline.ts';
import { inline, startWorker, type Offload } from './offload/offload.ts';
import { pairSettingsOf, pairsSection, startPairs } from './pairsSection.ts';
import { planningSection } from './planning.ts';
import { positionBiasSection, raterSection } from './raters.ts';
import { eloRatings, ratingsSection, startRatings, systemsSection, winMatrixSection } from './ratingsSection.ts';
import { sensitivitySections } from './sensitivity.ts';
import { provenanceSection } from './provenance.ts';
import { judgesSection } from './judges.ts';
import { isJudgeRater } from '../judgments/raterKind.ts';
import { reportTitle } from './title.ts';
import type { Report, ReportSettings } from './types.ts';

/** The long steps of buildReport, in order (for progress bars). */
export const REPORT_STEPS = ['ratings', 'raters', 'pairs', 'agreement', 'position bias', 'sensitivity', 'intervals'];

/**
 * From this many battle-resamples on, the bootstraps (ratings and pairs) run in a worker thread
 * (alongside the rest of the report): inline the ratings alone would take ~0.1 s or more, about
 * what a worker takes to start.
 */
const WORKER_FROM = 5e7;

export const DEFAULT_SETTINGS: Omit<ReportSettings, 'raters'> = {
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
  /** Defaults to the study's title, else a description of what was compared. */
  title?: string;
  /** Called before each long step (for a progress bar). */
  onStep?: (step: string, index: number, total: number) => void;
  /** Run the bootstraps (ratings, pairs) in a worker thread; by default only when large. Same numbers. */
  worker?: boolean;
}

/** The study a report is about (its `study` field), known before any statistic. */
export function reportStudy(input: Pick<ReportInput, 'study' | 'sources'>): string {
  return input.study ?? input.sources[0]?.study ?? 'report';
}

export async function buildReport(input: ReportInput): Promise<Report> {
  const settings: ReportSettings = { ...DEFAULT_SETTINGS, ...input.settings, raters: input.settings?.raters ?? defaultRaters(input.sources) };
  const judgmentsRead = input.sources.reduce((n, s) => n + judgmentsIn(s), 0);
  // Started first: the worker loads while the main thread prepares what it will be sent.
  const offload = (input.worker ?? judgmentsRead * settings.resamples >= WORKER_FROM) ? startWorker() : inline;
  try {
    return await reportWith(input, settings, offload);
  } finally {
    await offload.close();
  }
}

async function reportWith(input: ReportInput, settings: ReportSettings, offload: Offload): Promise<Report> {
  const step = (name: string) => input.onStep?.(name, REPORT_STEPS.indexOf(name), REPORT_STEPS.length);
  let analysis = analyse(input.sources, { baseline: settings.baseline, raters: settings.raters });
  // The ratings bootstrap is the longest step: it starts first and runs (in the worker when there
  // is one) while the main thread makes every other section; with --exclude-flagged it waits for
  // the raters, whose flagged votes then leave the analysis.
  const ratingsOf = (table: OutcomeTable) => {
    step('ratings');
    return startRatings(table, settings, offload);
  };
  const early = settings.excludeFlagged ? null : ratingsOf(analysis.table);

  step('raters');
  // Raters are judged on everything they did. Agreement over all pairs is made once: its
  // leave-one-out figures are also each rater's.
  let overall = agreementOfTable(analysis.table, settings.seed);
  const raters = raterSection(analysis.table, overall.leaveOneOut, analysis.attention);
  const flagged = new Set(raters.filter((r) => r.flags.length > 0).map((r) => r.id));
  if (settings.excludeFlagged && flagged.size > 0) {
    analysis = analyse(input.sources, { baseline: settings.baseline, flaggedRaters: flagged, pairs: analysis.pairs, raters: settings.raters });
    overall = agreementOfTable(analysis.table, settings.seed);
  }
  const { table } = analysis;
  const ratings = early ?? ratingsOf(table);

  step('pairs');
  const pairSettings = pairSettingsOf(settings);
  const pairs = startPairs(table, pairSettings, offload);
  step('agreement');
  const agreement = agreementSection(table, settings.seed, overall);
  step('position bias');
  const positionBias = positionBiasSection(table, settings.level);
  step('sensitivity');
  const sensitivity = sensitivitySections(table, analysis.items, pairSettings, settings.influenceTop);
  const elo = eloRatings(table, ratings);

  step('intervals');
  const summaries = await pairsSection(pairs);
  const rated = await ratingsSection(ratings, summaries, elo, settings.level);
  const judges = judgesSection({
    sources: input.sources,
    baseline: settings.baseline,
    pairs: analysis.pairs,
    settings: pairSettings,
    level: settings.level,
    flaggedRaters: settings.excludeFlagged ? flagged : undefined,
    humanSummaries: settings.raters === 'human' ? summaries : null,
  });

  const systems = systemsSection(ratings, rated);
  const body: Omit<Report, 'headline'> = {
    study: reportStudy(input),
    title: reportTitle(input.title, input.sources, systems, summaries),
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    settings,
    n: table.kind.length,
    systems,
    pairs: summaries,
    ratings: rated,
    winMatrix: winMatrixSection(ratings),
    raters,
    agreement,
    positionBias,
    ...sensitivity,
    planning: planningSection(summaries, settings.level),
    judges,
    provenance: provenanceSection(input.sources, input.sources.reduce((n, s) => n + judgmentsIn(s), 0), analysis.excluded),
  };
  // Key order of the contract: headline right after n.
  const { study, title, generatedAt, n, settings: echoed, ...rest } = body;
  return { study, title, generatedAt, settings: echoed, n, headline: headline(body), ...rest };
}

/** People's judgments when there are any (the judges are then set beside them), else everyone's. */
function defaultRaters(sources: readonly ReadResult[]): ReportSettings['raters'] {
  for (const source of sources) {
    const names = source.columns ? source.columns.raters : source.judgments.map((j) => j.rater);
    if (names.some((name) => !isJudgeRater(name))) return 'human';
  }
  return 'all';
}

/** How many judgments a source holds (its columns' length when it has them: no objects made). */
function judgmentsIn(source: ReadResult): number {
  return source.columns ? source.columns.length : source.judgments.length;
}
