// Where the embedded store keeps a study's files; one place so readers and writers agree.
import { join } from 'node:path';

export function studyResultsDir(resultsDir: string, studyId: string): string {
  return join(resultsDir, studyId);
}

export function judgmentLogPath(resultsDir: string, studyId: string): string {
  return join(studyResultsDir(resultsDir, studyId), 'judgments.jsonl');
}

export function raterJournalPath(resultsDir: string, studyId: string): string {
  return join(studyResultsDir(resultsDir, studyId), 'raters.jsonl');
}
