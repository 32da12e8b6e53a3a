// The TaskBoard contract on PostgreSQL: a study's rows in a fresh schema of the test database.
import { openPostgresBoard } from '../../src/store/postgres/board.ts';
import { describeWithPostgres, testDatabase } from '../support/postgres.ts';
import { boardContract } from './board-contract.ts';

describeWithPostgres('PostgreSQL board', () => {
  boardContract({
    name: 'PostgreSQL',
    place: async () => {
      const database = await testDatabase();
      return {
        open: (study, now) => openPostgresBoard({ study, databaseUrl: database.url, now }),
        dispose: () => database.drop(),
      };
    },
  });
});
