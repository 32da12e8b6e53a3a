// What a report is called. A study has a title; a foreign vote log has only a file name (AlpacaEval's
// "gpt-3-5-turbo-0301"), which names one side at best, so the title says what was compared.
import { basename } from 'node:path';
import type { ReadResult } from '../judgments/read.ts';
import type { PairEntry, SystemEntry } from './types.ts';

export function reportTitle(given: string | undefined, sources: readonly ReadResult[], systems: readonly SystemEntry[], pairs: readonly PairEntry[]): string {
  const chosen = given?.trim();
  if (chosen) return chosen;
  const studyTitle = sources.find((s) => s.title)?.title;
  if (studyTitle) return studyTitle;
  if (pairs.length === 1) return `${pairs[0].a} vs ${pairs[0].b}`;
  const files = [...new Set(sources.map((s) => basename(s.file)))];
  const from = files.length === 1 ? files[0] : `${files.length} files`;
  return `${systems.length} systems from ${from}`;
}
