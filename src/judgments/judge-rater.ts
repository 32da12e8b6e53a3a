// LLM judges record their verdicts as judgments like any rater, under a reserved rater id
// `judge:<model>`. The reserved prefix is what keeps them apart from people: a judge's votes never
// fill a human quota, never make a rater record, and a person cannot enter a study under such an id.

export const JUDGE_RATER_PREFIX = 'judge:';

/** Whether a judgment's rater is an LLM judge (`judge:<model>`), not a person. */
export function isJudgeRater(rater: string): boolean {
  return rater.startsWith(JUDGE_RATER_PREFIX);
}

/** The rater id (and source) of a model's judgments. */
export function judgeRater(model: string): string {
  return `${JUDGE_RATER_PREFIX}${model}`;
}
