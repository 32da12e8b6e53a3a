// `prefstudy import-judgments`: append a JSONL file of judgments (as `prefstudy export` writes) to a
// study's store. Every line is checked before anything is written; tasks already stored are
// skipped and counted, so importing the same file twice changes nothing.
import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PrefstudyError } from '../errors.ts';
import type { StoreConfig } from '../store/open-stores.ts';
import { checkImportFile, importJudgments, type ImportSummary } from '../store/transfer.ts';
import { loadStudy } from '../study/load.ts';
import { storeConfig, storeOptions, type StoreOptions } from './export.ts';

export interface ImportJudgmentsResult extends ImportSummary {
  study: string;
  file: string;
}

/** The whole command without commander. */
export async function runImportJudgments(studyDir: string, file: string, config: StoreConfig): Promise<ImportJudgmentsResult> {
  const study = await loadStudy(studyDir);
  const path = resolve(file);
  const content = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new PrefstudyError('not-found', `cannot read ${file}`, [{ file, message: error.code === 'ENOENT' ? 'no such file' : error.message }]);
  });
  // Named as given in errors (file:line:field), checked whole before the store is opened.
  const judgments = checkImportFile(study, file, content);
  const summary = await importJudgments(study, config, judgments);
  return { ...summary, study: study.id, file };
}

export function describeImport(result: ImportJudgmentsResult): string {
  const differing = result.differing > 0 ? ` (${result.differing} of them differ from the file; the stored ones are kept)` : '';
  return (
    `read ${result.read} judgment${result.read === 1 ? '' : 's'} from ${result.file}: ${result.added} added, ` +
    `${result.already} already there${differing}; study ${result.study} in ${result.location}`
  );
}

export function importJudgmentsCommand(): Command {
  const command = new Command('import-judgments')
    .description("append a JSONL file of judgments (as `prefstudy export` writes) to a study's store; tasks already stored are skipped")
    .argument('<study-dir>', 'the study folder')
    .argument('<file>', 'judgments, one JSON record per line');
  return storeOptions(command)
    .addHelpText(
      'after',
      '\nEvery line is checked first (JSON, the judgment record, the study id); one bad line and nothing is written.\n' +
        'The embedded store is written by one process at a time: stop `prefstudy serve` on that results folder first.',
    )
    .action(async (studyDir: string, file: string, options: StoreOptions, self: Command) => {
      const result = await runImportJudgments(studyDir, file, storeConfig(self, options));
      console.log(describeImport(result));
    });
}
