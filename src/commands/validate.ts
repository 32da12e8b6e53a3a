import { Command } from 'commander';

// Placeholder until the issue that builds `prefstudy validate` lands.
export function validateCommand(): Command {
  return new Command('validate').description('(not built yet)').action(() => {
    throw new Error('prefstudy validate is not built yet');
  });
}
