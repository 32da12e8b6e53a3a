import { Command } from 'commander';

// Placeholder until the issue that builds `prefstudy report` lands.
export function reportCommand(): Command {
  return new Command('report').description('(not built yet)').action(() => {
    throw new Error('prefstudy report is not built yet');
  });
}
