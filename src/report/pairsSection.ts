// The pairwise section: every pair's counts, win rates and tests, with bootstrap intervals. The
// statistics are cheap; the bootstraps of all pairs go to the offload as one job (after the
// ratings' in the worker), and the summaries are made once they are back.
import type { OutcomeTable } from '../outcomes/table.ts';
import { pairStatistics, summarizeStatistics, type PairBootstrap, type PairSettings, type PairStatistics } from '../stats/pair.ts';
import type { PairSummary } from '../stats/types.ts';
import type { Offload } from './offload/offload.ts';
import type { ReportSettings } from './types.ts';

export function pairSettingsOf(settings: ReportSettings): PairSettings {
  const { seed, resamples, cluster, level, method, tiePolicy } = settings;
  return { seed, resamples, cluster, level, method, tiePolicy };
}

export interface PairsUnderWay {
  stats: PairStatistics[];
  boots: Promise<PairBootstrap[]>;
  settings: PairSettings;
}

export function startPairs(table: OutcomeTable, settings: PairSettings, offload: Offload): PairsUnderWay {
  const stats = table.pairs.map((_, slot) => pairStatistics(table, slot, settings));
  return { stats, boots: offload.run('pairBootstraps', stats.map((s) => ({ stats: s, settings }))), settings };
}

export async function pairsSection({ stats, boots, settings }: PairsUnderWay): Promise<PairSummary[]> {
  const done = await boots;
  return stats.map((s, k) => summarizeStatistics(s, settings, done[k]));
}
