// The pure computations a report may hand to its worker thread. Their inputs and outputs are plain
// numbers and typed arrays, so crossing to the worker is a copy, and the result is the same
// wherever they run.
import { ratingDraws } from '../../stats/bradleyTerry.ts';

export const JOBS = { ratingDraws } as const;

export type JobName = keyof typeof JOBS;
export type JobInput<J extends JobName> = Parameters<(typeof JOBS)[J]>[0];
export type JobOutput<J extends JobName> = ReturnType<(typeof JOBS)[J]>;
