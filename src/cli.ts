// The `prefstudy` command. Each subcommand lives in src/commands/<name>.ts and is thin: it parses
// options, calls the core, and prints. Errors a user can fix are PrefstudyErrors: printed with
// every issue they carry, and the exit code is 1.
import { Command } from 'commander';
import { PrefstudyError, formatIssue } from './errors.ts';
import { serveCommand } from './commands/serve.ts';
import { validateCommand } from './commands/validate.ts';
import { importCommand } from './commands/import.ts';
import { reportCommand } from './commands/report.ts';
import { APP_VERSION } from './version.ts';

const program = new Command('prefstudy')
  .description('Blind side-by-side preference studies of language models')
  .version(APP_VERSION)
  .showHelpAfterError();

program.addCommand(serveCommand());
program.addCommand(validateCommand());
program.addCommand(importCommand());
program.addCommand(reportCommand());

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
