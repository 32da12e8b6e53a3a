// Who gave a judgment: a person, or an LLM judge (`prefstudy judge`, an AlpacaEval annotator). A
// judge's rater id is `judge:<model>`, so one log holds both and every reader can tell them apart.
export const JUDGE_PREFIX = 'judge:';

export type RaterKind = 'human' | 'judge';

export function isJudgeRater(rater: string): boolean {
  return rater.startsWith(JUDGE_PREFIX);
}

export function raterKind(rater: string): RaterKind {
  return isJudgeRater(rater) ? 'judge' : 'human';
}

/** The rater id of a judge model: `judge:gpt-4o`. */
export function judgeRaterId(model: string): string {
  return `${JUDGE_PREFIX}${model}`;
}
