// The LLM-judges section: each judge's win rates beside the people's on the same pairs, its
// agreement with them, and its position bias from the swapped orders, so an analyst can ask "can I
// trust this judge for my study?" before letting it stand in for raters.
import { isJudgeRater } from '../judgments/raterKind.ts';
import type { ReadResult } from '../judgments/read.ts';
import { KIND, SIDE, outcomeCount, type OutcomeMask, type OutcomeTable } from '../outcomes/table.ts';
import { judgeHumanAgreement, swapConsistency } from '../stats/judgeAgreement.ts';
import { signTestPValue, wilsonInterval } from '../stats/intervals.ts';
import { summarizePair, type PairSettings } from '../stats/pair.ts';
import type { PairSummary } from '../stats/types.ts';
import { analyse } from './analysis.ts';
import { interval, pct } from './format.ts';
import type { JudgeEntry } from './types.ts';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export interface JudgeInput {
  sources: readonly ReadResult[];
  baseline: string | null;
  /** The report's pairs, so the judges' are oriented alike. */
  pairs: Array<[string, string]>;
  settings: PairSettings;
  level: number;
  /** With --exclude-flagged: left out here as from the report's pairs. */
  flaggedRaters?: ReadonlySet<string>;
  /** The report's own pair summaries when they are the people's (same pairs): not bootstrapped twice. */
  humanSummaries: PairSummary[] | null;
}

/** Empty unless the judgments hold both LLM judges and people. */
export function judgesSection(input: JudgeInput): JudgeEntry[] {
  // Asked of the sources' few rater names first: a log without judges is not analysed again.
  const names = input.sources.flatMap((s) => (s.columns ? s.columns.raters : [...new Set(s.judgments.map((j) => j.rater))]));
  if (!names.some(isJudgeRater) || names.every(isJudgeRater)) return [];
  const { table } = analyse(input.sources, { baseline: input.baseline, pairs: input.pairs, raters: 'all', flaggedRaters: input.flaggedRaters });
  const judges = table.raterNames.flatMap((name, id) => (isJudgeRater(name) ? [id] : []));
  const human = Uint8Array.from(table.raterNames, (name) => (isJudgeRater(name) ? 0 : 1));
  if (judges.length === 0 || !human.includes(1)) return [];
  const humanMask = maskOf(table, (id) => human[id] === 1);
  const humanSummaries = input.humanSummaries ?? table.pairs.map((_, slot) => summarizePair(table, slot, input.settings, humanMask));
  return judges.map((judge) => judgeEntry(table, judge, human, humanSummaries, input));
}

function maskOf(table: OutcomeTable, rater: (id: number) => boolean): OutcomeMask {
  const mask = new Uint8Array(outcomeCount(table));
  for (let e = 0; e < mask.length; e++) mask[e] = rater(table.raterId[e]) ? 1 : 0;
  return mask;
}

function judgeEntry(table: OutcomeTable, judge: number, human: Uint8Array, humanSummaries: PairSummary[], input: JudgeInput): JudgeEntry {
  const mask = maskOf(table, (id) => id === judge);
  const pairs: JudgeEntry['pairs'] = [];
  table.pairs.forEach(([a, b], slot) => {
    let n = 0;
    for (let e = table.start[slot]; e < table.start[slot + 1]; e++) n += mask[e];
    if (n === 0) return;
    const own = summarizePair(table, slot, input.settings, mask);
    const people = humanSummaries[slot];
    const [low, high] = people.winRateCI;
    pairs.push({
      a, b, n,
      winRate: finite(own.winRate), winRateCI: own.winRateCI,
      humanN: people.n, humanWinRate: finite(people.winRate), humanWinRateCI: people.winRateCI,
      insideHumanCI: Number.isFinite(low) && Number.isFinite(high) ? own.winRate >= low && own.winRate <= high : null,
    });
  });
  const agreement = judgeHumanAgreement(table, (id) => id === judge, (id) => human[id] === 1);
  const swap = swapConsistency(table, (id) => id === judge);
  const entry: Omit<JudgeEntry, 'headline'> = {
    judge: table.raterNames[judge],
    n: pairs.reduce((sum, p) => sum + p.n, 0),
    pairs,
    agreement: {
      tasks: agreement.tasks,
      percent: finite(agreement.percent),
      majority: finite(agreement.majority),
      humanMajority: finite(agreement.humanMajority),
      majorityTasks: agreement.majorityTasks,
      cohenKappa: finite(agreement.kappa.kappa),
    },
    positionBias: { ...leftShare(table, mask, input.level), swapTasks: swap.tasks, swapConsistent: finite(swap.consistent) },
  };
  return { ...entry, headline: judgeHeadline(entry, input.level) };
}

/** How often the judge's decisive verdicts went to the answer shown on the left. */
function leftShare(table: OutcomeTable, mask: OutcomeMask, level: number): Pick<JudgeEntry['positionBias'], 'n' | 'leftShare' | 'leftShareCI' | 'pValue'> {
  let left = 0;
  let n = 0;
  for (let e = 0; e < mask.length; e++) {
    const kind = table.kind[e];
    if (!mask[e] || table.aOnLeft[e] === SIDE.unknown || (kind !== KIND.win && kind !== KIND.loss)) continue;
    n++;
    if ((kind === KIND.win) === (table.aOnLeft[e] === SIDE.left)) left++;
  }
  if (n === 0) return { n, leftShare: null, leftShareCI: null, pValue: null };
  return { n, leftShare: left / n, leftShareCI: wilsonInterval(left / n, n, level), pValue: signTestPValue(left, n - left) };
}

function judgeHeadline(entry: Omit<JudgeEntry, 'headline'>, level: number): string {
  const [main] = [...entry.pairs].sort((x, y) => y.humanN - x.humanN || y.n - x.n);
  if (!main) return `${entry.judge} judged none of the pairs the people rated.`;
  const inside =
    main.insideHumanCI === null ? 'the people have no interval to compare with' : `${main.insideHumanCI ? 'inside' : 'outside'} the people's ${Math.round(level * 100)}% interval`;
  const { majority, humanMajority, percent, tasks } = entry.agreement;
  const agrees =
    majority !== null
      ? `it agrees with the people's majority on ${pct(majority)} (the people with each other: ${pct(humanMajority)})`
      : `it agrees with a person's vote ${pct(percent)} of the time on ${tasks} shared tasks`;
  const swap = entry.positionBias.swapConsistent === null ? '' : `; same verdict with the sides swapped on ${pct(entry.positionBias.swapConsistent)} of tasks`;
  return (
    `${entry.judge}: ${main.a} wins ${pct(main.winRate)} ${interval(main.winRateCI)} of ${main.n} verdicts against the people's ` +
    `${pct(main.humanWinRate)} ${interval(main.humanWinRateCI)} of ${main.humanN} votes, ${inside}; ${agrees}${swap}.`
  );
}
