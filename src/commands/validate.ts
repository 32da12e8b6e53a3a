// `prefstudy validate <dir>`: every problem of a study folder, or a summary of what it asks for.
import { Command } from 'commander';
import { loadStudy } from '../study/load.ts';
import { formatSummary, summarizeStudy } from '../study/summary.ts';

export function validateCommand(): Command {
  return new Command('validate')
    .description('check a study folder (study.json or study.yaml + items.jsonl); prints every problem with file, line and field, or a summary')
    .argument('<dir>', 'the study folder, e.g. studies/example')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExits 1 when the study has problems (all of them are printed), 0 when it is valid.')
    .action(async (dir: string, options: { json?: boolean }) => {
      const summary = summarizeStudy(await loadStudy(dir));
      console.log(options.json ? JSON.stringify(summary, null, 2) : `valid: ${formatSummary(summary)}`);
    });
}
