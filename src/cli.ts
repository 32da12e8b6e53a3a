// The `prefstudy` command. Each subcommand lives in src/commands/<name>.ts and is thin: it parses
// options, calls the core, and prints. Errors a user can fix are PrefstudyErrors: printed with
// every issue they carry, and the exit code is 1.
import { Command } from 'commander';
import { PrefstudyError, formatIssue } from './errors.ts';
import { APP_VERSION } from './version.ts';

/**
 * Each subcommand is loaded only when it runs: `serve` need not load the report's charting
 * libraries (about half a second of its start-up). Help and unknown commands load them all.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.ts')).serveCommand(),
  validate: async () => (await import('./commands/validate.ts')).validateCommand(),
  import: async () => (await import('./commands/import.ts')).importCommand(),
  report: async () => (await import('./commands/report.ts')).reportCommand(),
  export: async () => (await import('./commands/export.ts')).exportCommand(),
  'import-judgments': async () => (await import('./commands/import-judgments.ts')).importJudgmentsCommand(),
  judge: async () => (await import('./commands/judge.ts')).judgeCommand(),
};

const program = new Command('prefstudy')
  .description('Blind side-by-side preference studies of language models')
  .version(APP_VERSION)
  .showHelpAfterError();

const named = COMMANDS[process.argv[2] ?? ''];
for (const load of named ? [named] : Object.values(COMMANDS)) program.addCommand(await load());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof PrefstudyError) {
    console.error(`error: ${err.message}`);
    for (const issue of err.issues) console.error(`  ${formatIssue(issue)}`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
