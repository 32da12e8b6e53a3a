// The pure computations a report may hand to its worker thread. Their inputs and outputs are plain
// data (numbers, strings, arrays, objects and typed arrays: no functions, Maps or classes), so
// crossing to the worker is a structured-clone copy, and the result is the same wherever they run.
import { ratingDraws } from '../../stats/bradleyTerry.ts';
import { pairBootstraps } from '../../stats/pair.ts';

export const JOBS = { ratingDraws, pairBootstraps } as const;

export type JobName = keyof typeof JOBS;
export type JobInput<J extends JobName> = Parameters<(typeof JOBS)[J]>[0];
export type JobOutput<J extends JobName> = ReturnType<(typeof JOBS)[J]>;
