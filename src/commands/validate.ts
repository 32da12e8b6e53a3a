// `prefstudy validate <dir>`: every problem of a study folder, or a summary of what it asks for,
// followed by warnings about anything that could tell raters which model wrote which side.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { formatIssue } from '../errors.ts';
import { SHOWN_PER_PHRASE, blindnessWarnings, type StudySources } from '../study/blindness.ts';
import { ITEMS_FILE_NAME, STUDY_FILE_NAMES, loadStudy } from '../study/load.ts';
import { formatSummary, summarizeStudy } from '../study/summary.ts';

export function validateCommand(): Command {
  return new Command('validate')
    .description('check a study folder (study.json or study.yaml + items.jsonl); prints every problem with file, line and field, or a summary')
    .argument('<dir>', 'the study folder, e.g. studies/example')
    .option('--json', 'print the summary as JSON, with the warnings as "warnings"')
    .addHelpText(
      'after',
      `
Exits 1 when the study has problems (all of them are printed), 0 when it is valid.

A valid study may still get warnings (printed to stderr, exit code still 0) about what could tell raters
which model wrote which side: a study id, title, instructions or consent text that names one of its
systems or a model, and completions that name themselves ("As an AI language model trained by ...",
"ChatGPT", "OpenAI", ...). The first ${SHOWN_PER_PHRASE} completions per phrase are listed, then a count.`,
    )
    .action(async (dir: string, options: { json?: boolean }) => {
      const study = await loadStudy(dir);
      const summary = summarizeStudy(study);
      const warnings = blindnessWarnings(study, await readSources(dir));
      if (options.json) {
        console.log(JSON.stringify({ ...summary, warnings }, null, 2));
        return;
      }
      console.log(`valid: ${formatSummary(summary)}`);
      for (const warning of warnings) console.warn(`warning: ${formatIssue(warning)}`);
    });
}

/** The study's texts, for line numbers in the warnings; a file that cannot be read just loses them. */
async function readSources(dir: string): Promise<StudySources> {
  const read = (file: string) => readFile(file, 'utf8').then((text) => text.replace(/^\uFEFF/, ''), () => undefined);
  const itemsFile = join(dir, ITEMS_FILE_NAME);
  for (const name of STUDY_FILE_NAMES) {
    const studyFile = join(dir, name);
    const studyText = await read(studyFile);
    if (studyText !== undefined) return { studyFile, studyText, itemsFile, itemsText: await read(itemsFile) };
  }
  return { itemsFile, itemsText: await read(itemsFile) };
}
