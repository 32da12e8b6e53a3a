// `prefstudy import <format> <files...> --out <dir>`: build a study folder from completions you already have.
import { Command, Option } from 'commander';
import { FORMAT_NAMES } from '../study/importers/index.ts';
import { importStudy, type ImportReport } from '../study/import.ts';

const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);

interface ImportFlags {
  out: string;
  config?: string[];
  sampleIndex?: string[];
  systemIds?: string[];
  promptField?: string;
  systems?: string[];
  idField?: string;
  baseline?: string;
  title?: string;
  id?: string;
  seed?: string;
  completionCode?: string;
  completionUrl?: string;
  empty: 'keep' | 'drop';
  force?: boolean;
  quiet?: boolean;
}

export function importCommand(): Command {
  return new Command('import')
    .description('build a study folder from model outputs you already have')
    .argument('<format>', `one of: ${FORMAT_NAMES.join(', ')}`)
    .argument('<files...>', 'input files; reports of different systems are joined on the prompt text')
    .requiredOption('--out <dir>', 'the study folder to write (e.g. studies/helpfulness-2023, a neutral name: it becomes the study id raters see); written only if the whole import succeeds')
    .option('--config <names>', 'oasst-report: sampling config, one for all files or comma-separated per file (default: greedy if present, else the first)', list)
    .option('--sample-index <n>', 'oasst-report: which sample of each prompt, one or per file (default 0)', list)
    .option('--system-ids <ids>', 'oasst-report, alpacaeval: system ids, one per file (default: model name without org + ":" + config; AlpacaEval generator)', list)
    .option('--prompt-field <name>', 'jsonl, csv: the prompt field (default "prompt")')
    .option('--systems <fields>', 'jsonl, csv: the system fields, comma-separated (default: every other field)', list)
    .option('--id-field <name>', 'jsonl, csv: a field with item ids (default: a hash of the prompt, stable across re-imports)')
    .option('--baseline <system>', 'compare every other system with this one (default: two systems: the last one is the baseline; more: all pairs)')
    .option('--title <text>', 'title shown to raters; never put a system or model name in it (default: "Which response is better?")')
    .option('--id <id>', 'study id (default: from the --out folder name); raters see it in the address, so never name a system or model in it')
    .option('--seed <seed>', 'seed for every random choice (default: derived from the source files\' sha256)')
    .option('--completion-code <code>', 'the code raters get when they finish (default: the cc= of --completion-url, else a new random code like PS-7KQ3-M9XD)')
    .option('--completion-url <url>', 'send raters here when they finish, e.g. https://app.prolific.com/submissions/complete?cc=CODE')
    .addOption(new Option('--empty <policy>', 'a completion that is empty (after stripping): keep it (the model answered nothing and should lose) or drop the prompt').choices(['keep', 'drop']).default('keep'))
    .option('--force', 'replace an existing non-empty --out folder')
    .option('--quiet', 'print only the summary line')
    .addHelpText(
      'after',
      `
Formats:
  oasst-report  OpenAssistant sampling reports {model_name, prompts:[{prompt, results:[{sampling_config, sampling_params, outputs}]}]}
                (detected by content, whatever the extension); tokenizer artefacts (</s>, <|endoftext|>) and surrounding whitespace stripped
  alpacaeval    AlpacaEval model_outputs.json [{instruction, output, generator}], joined on instruction (never position)
  jsonl, csv    one row per prompt: a prompt field plus one field per system

Every prompt without a completion from every system is dropped and listed with the reason. The study.json
records provenance: importer, time, each source file with sha256, generator, sampling config and params.

The study.json gets a completion code (printed in the summary): give the same code to your recruiting
platform, or pass --completion-url to send raters back to it.

Example (a neutral study id: raters see it in the address bar, so it must not name the models):
  prefstudy import oasst-report pythia.json gpt-3.5-turbo_sample.json --out studies/helpfulness-2023`,
    )
    .action(async (format: string, files: string[], flags: ImportFlags) => {
      const report = await importStudy(format, files, {
        out: flags.out,
        samplingConfigs: flags.config,
        sampleIndexes: flags.sampleIndex?.map(Number),
        systemIds: flags.systemIds,
        promptField: flags.promptField,
        systemFields: flags.systems,
        idField: flags.idField,
        baseline: flags.baseline,
        title: flags.title,
        id: flags.id,
        seed: flags.seed,
        completionCode: flags.completionCode,
        completionUrl: flags.completionUrl,
        dropEmpty: flags.empty === 'drop',
        force: flags.force,
      });
      console.log(formatReport(report, flags.quiet ?? false));
    });
}

function formatReport(report: ImportReport, quiet: boolean): string {
  const design = report.design.kind === 'baseline' ? `baseline ${report.design.baseline}` : report.design.kind;
  const { code, redirectUrl } = report.completion;
  const completion = `completion code ${code}${redirectUrl ? `, redirect to ${redirectUrl}` : ''}`;
  const summary = `wrote ${report.items} items to ${report.out} (systems: ${report.systems.join(', ')}; design: ${design}); dropped ${report.dropped.length} prompts; ${completion}`;
  if (quiet) return summary;
  return [
    ...report.notes,
    ...report.dropped.map((d) => `dropped: ${JSON.stringify(d.prompt.length > 70 ? d.prompt.slice(0, 70) + '…' : d.prompt)}: ${d.reason}`),
    ...report.emptyKept.map((e) => `kept empty: item ${e.id} has an empty completion from ${e.system} (use --empty drop to drop such prompts)`),
    summary,
  ].join('\n');
}
