// Can a judge stand in for the people? On the tasks (item and pair) both rated: how often the judge
// agrees with a person, with the people's majority (AlpacaFarm's leave-one-out, beside the people's
// own figure on the same tasks), and Cohen's kappa; and whether the judge keeps its verdict when the
// two answers swap sides. Labels are outcome kinds seen from the slot's first system.
import type { KindCode, OutcomeTable } from '../outcomes/table.ts';
import { SIDE } from '../outcomes/table.ts';
import { cohenKappa, type Kappa } from './agreement.ts';

export interface JudgeHumanAgreement {
  /** Tasks with a judge verdict and at least one human vote. */
  tasks: number;
  /** Share of (judge verdict, human vote) pairs on the same task that agree; `pairs` of them. */
  percent: number;
  pairs: number;
  /**
   * AlpacaFarm's figure: each human vote of a task held out in turn, the judge's verdict against the
   * majority of the other humans (a tie for the majority gives each tied label its share of the
   * credit). Over tasks with two human votes or more; NaN without any.
   */
  majority: number;
  /** The held-out human against the same majority: what the judge is compared with. */
  humanMajority: number;
  majorityTasks: number;
  /** Kappa of the judge's verdicts against the first human vote of each task (every verdict counts). */
  kappa: Kappa;
}

export interface SwapConsistency {
  /** Tasks the judge saw in both orders; the share where it named the same winner (or tie) both times. */
  tasks: number;
  consistent: number;
}

type RaterTest = (raterId: number) => boolean;

interface Task {
  judge: KindCode[];
  human: KindCode[];
}

/** Each slot's tasks (by item) that the judge rated, with the judge's and the humans' labels in table order. */
function tasksOf(table: OutcomeTable, isJudge: RaterTest, isHuman: RaterTest): Task[] {
  const { start, kind, itemId, raterId } = table;
  const tasks: Task[] = [];
  for (let slot = 0; slot + 1 < start.length; slot++) {
    const byItem = new Map<number, Task>();
    for (let e = start[slot]; e < start[slot + 1]; e++) {
      if (!isJudge(raterId[e])) continue;
      const task = byItem.get(itemId[e]) ?? { judge: [], human: [] };
      task.judge.push(kind[e] as KindCode);
      byItem.set(itemId[e], task);
    }
    if (byItem.size === 0) continue;
    for (let e = start[slot]; e < start[slot + 1]; e++) if (isHuman(raterId[e])) byItem.get(itemId[e])?.human.push(kind[e] as KindCode);
    for (const task of byItem.values()) if (task.human.length > 0) tasks.push(task);
  }
  return tasks;
}

/** The credit a label gets against the majority of `labels`: 1 / (labels tied for the most) if it is one of them. */
function majorityCredit(label: KindCode, labels: readonly KindCode[]): number {
  const counts = new Map<KindCode, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const most = Math.max(...counts.values());
  const tied = [...counts.values()].filter((c) => c === most).length;
  return counts.get(label) === most ? 1 / tied : 0;
}

export function judgeHumanAgreement(table: OutcomeTable, isJudge: RaterTest, isHuman: RaterTest): JudgeHumanAgreement {
  const tasks = tasksOf(table, isJudge, isHuman);
  let pairs = 0;
  let agree = 0;
  let held = 0;
  let judgeCredit = 0;
  let humanCredit = 0;
  let majorityTasks = 0;
  const first: number[] = [];
  const second: number[] = [];
  for (const { judge, human } of tasks) {
    for (const verdict of judge) {
      for (const vote of human) {
        pairs++;
        if (verdict === vote) agree++;
      }
      first.push(verdict);
      second.push(human[0]);
    }
    if (human.length < 2) continue;
    majorityTasks++;
    for (let h = 0; h < human.length; h++) {
      const others = human.filter((_, k) => k !== h);
      humanCredit += majorityCredit(human[h], others);
      for (const verdict of judge) judgeCredit += majorityCredit(verdict, others) / judge.length;
      held++;
    }
  }
  const units = {
    start: Int32Array.from({ length: first.length + 1 }, (_, u) => 2 * u),
    code: Uint8Array.from(first.flatMap((x, k) => [x, second[k]])),
    rater: Int32Array.from(first.flatMap(() => [0, 1])),
    raterNames: ['judge', 'human'],
    categories: 4,
  };
  return {
    tasks: tasks.length,
    percent: pairs > 0 ? agree / pairs : NaN,
    pairs,
    majority: held > 0 ? judgeCredit / held : NaN,
    humanMajority: held > 0 ? humanCredit / held : NaN,
    majorityTasks,
    kappa: first.length > 0 ? cohenKappa(units) : { kappa: NaN, observed: NaN, expected: NaN, n: 0 },
  };
}

/** Whether the judge's verdict survives swapping the sides: its first verdict in each order compared. */
export function swapConsistency(table: OutcomeTable, isJudge: RaterTest): SwapConsistency {
  const { start, kind, itemId, raterId, aOnLeft } = table;
  let tasks = 0;
  let same = 0;
  for (let slot = 0; slot + 1 < start.length; slot++) {
    const shown = new Map<number, [number, number]>();
    for (let e = start[slot]; e < start[slot + 1]; e++) {
      if (!isJudge(raterId[e]) || aOnLeft[e] === SIDE.unknown) continue;
      const orders = shown.get(itemId[e]) ?? [-1, -1];
      const side = aOnLeft[e] === SIDE.left ? 0 : 1;
      if (orders[side] < 0) orders[side] = kind[e];
      shown.set(itemId[e], orders);
    }
    for (const [left, right] of shown.values()) {
      if (left < 0 || right < 0) continue;
      tasks++;
      if (left === right) same++;
    }
  }
  return { tasks, consistent: tasks > 0 ? same / tasks : NaN };
}
