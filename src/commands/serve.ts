import { Command } from 'commander';

// Placeholder until the issue that builds `prefstudy serve` lands.
export function serveCommand(): Command {
  return new Command('serve').description('(not built yet)').action(() => {
    throw new Error('prefstudy serve is not built yet');
  });
}
