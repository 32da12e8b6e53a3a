// The report's provenance: every source read with its counts and digest, and for study folders made
// by `prefstudy import`, the files their completions came from, so a reader can trace each number.
import type { ReadResult } from '../judgments/read.ts';
import { APP_VERSION } from '../version.ts';
import type { ImportEntry, Provenance, SourceEntry } from './types.ts';

export function provenanceSection(sources: readonly ReadResult[], judgmentsRead: number, excluded: Record<string, number>): Provenance {
  const entries: SourceEntry[] = sources.map((s) => ({ file: s.file, format: s.format, sha256: s.sha256 ?? null, ...s.counts }));
  const imports = sources.flatMap((s): ImportEntry[] => (s.imported ? [importEntry(s.study, s.imported)] : []));
  return { sources: entries, imports, judgmentsRead, excluded, generator: `prefstudy ${APP_VERSION}` };
}

function importEntry(study: string, imported: NonNullable<ReadResult['imported']>): ImportEntry {
  return {
    study,
    importer: imported.importer,
    importedAt: imported.importedAt,
    // Every field present, null when unknown: the JSON has one shape.
    sources: imported.sources.map((s) => ({
      file: s.file,
      sha256: s.sha256,
      format: s.format ?? null,
      system: s.system ?? null,
      generator: s.generator ?? null,
      samplingConfig: s.samplingConfig ?? null,
      samplingParams: s.samplingParams ?? null,
      sampleIndex: s.sampleIndex ?? null,
    })),
    droppedPrompts: imported.dropped?.length ?? 0,
  };
}
