// Judge-versus-people agreement computed from judgment records alone, the plain way (no outcome
// table, no code shared with src/): what the report's judges section must equal. A task is an item
// and an unordered pair; labels are outcomes seen from the pair's system first in name order.
import type { Judgment } from '../../src/judgments/record.ts';

type Label = 'w' | 'l' | 't';

function label(j: Judgment): Label {
  const first = [j.left, j.right].sort()[0];
  const score = j.score ?? (j.choice === 'left' ? 1 : j.choice === 'right' ? 0 : 0.5);
  if (j.choice === 'both-bad' || score === 0.5) return 't';
  return (score > 0.5) === (j.left === first) ? 'w' : 'l';
}

function majorityCredit(l: Label, others: Label[]): number {
  const counts = new Map<Label, number>();
  for (const o of others) counts.set(o, (counts.get(o) ?? 0) + 1);
  const most = Math.max(...counts.values());
  const tied = [...counts.values()].filter((c) => c === most).length;
  return counts.get(l) === most ? 1 / tied : 0;
}

export function judgeAgreementTruth(judgments: readonly Judgment[], judge: string) {
  const tasks = new Map<string, Judgment[]>();
  for (const j of judgments) {
    if (j.attention || j.left === j.right) continue;
    const key = `${j.item}|${[j.left, j.right].sort().join('|')}`;
    tasks.set(key, [...(tasks.get(key) ?? []), j]);
  }
  let shared = 0, pairs = 0, agree = 0, held = 0, judgeCredit = 0, humanCredit = 0, majorityTasks = 0;
  let swapTasks = 0, swapSame = 0, left = 0, decisive = 0;
  const kappaPairs: Array<[Label, Label]> = [];
  for (const list of tasks.values()) {
    const humans = list.filter((j) => !j.rater.startsWith('judge:')).map(label);
    const verdicts = list.filter((j) => j.rater === judge);
    const own = verdicts.map(label);
    for (const v of verdicts) {
      if (label(v) === 't') continue;
      decisive++;
      if ((label(v) === 'w') === (v.left === [v.left, v.right].sort()[0])) left++;
    }
    const first = [...new Set(verdicts.map((v) => v.left))];
    if (first.length === 2) {
      swapTasks++;
      const [one, other] = first.map((side) => label(verdicts.find((v) => v.left === side)!));
      if (one === other) swapSame++;
    }
    if (own.length === 0 || humans.length === 0) continue;
    shared++;
    for (const v of own) for (const h of humans) (pairs++, v === h && agree++);
    for (const v of own) kappaPairs.push([v, humans[0]]);
    if (humans.length < 2) continue;
    majorityTasks++;
    humans.forEach((h, k) => {
      const others = humans.filter((_, o) => o !== k);
      humanCredit += majorityCredit(h, others);
      for (const v of own) judgeCredit += majorityCredit(v, others) / own.length;
      held++;
    });
  }
  const n = kappaPairs.length;
  const observed = kappaPairs.filter(([a, b]) => a === b).length / n;
  const share = (side: 0 | 1, l: Label) => kappaPairs.filter((p) => p[side] === l).length / n;
  const expected = (['w', 'l', 't'] as const).reduce((sum, l) => sum + share(0, l) * share(1, l), 0);
  return {
    tasks: shared, percent: agree / pairs, majority: judgeCredit / held, humanMajority: humanCredit / held, majorityTasks,
    cohenKappa: (observed - expected) / (1 - expected), swapTasks, swapConsistent: swapSame / swapTasks, leftShare: left / decisive, decisive,
  };
}
