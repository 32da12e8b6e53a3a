import { Command } from 'commander';

// Placeholder until the issue that builds `prefstudy import` lands.
export function importCommand(): Command {
  return new Command('import').description('(not built yet)').action(() => {
    throw new Error('prefstudy import is not built yet');
  });
}
