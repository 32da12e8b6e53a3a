// Appending judgments one at a time to a study's rows (see src/store/append.ts): each is one
// autocommitted INSERT, durable when it resolves, unique on (study, task) like every vote. Only
// judgments that count toward no slot come this way (an LLM judge's): the slots' coverage is the
// human raters' and is left as it is, so servers on this database may run meanwhile.
import { isJudgeRater } from '../../judgments/raterKind.ts';
import { canonicalJudgment } from '../../judgments/canonical.ts';
import type { Judgment } from '../../judgments/record.ts';
import type { Study } from '../../study/schema.ts';
import type { JudgmentAppender } from '../append.ts';
import { acquirePool, describeDatabase, releasePool } from './pool.ts';

export async function openPostgresAppender(study: Study, databaseUrl: string): Promise<JudgmentAppender> {
  const pool = await acquirePool(databaseUrl);
  let closed = false;
  return {
    location: `${describeDatabase(databaseUrl)} (study ${study.id})`,
    async stored(tasks) {
      const { rows } = await pool.query<{ task: string }>('SELECT task FROM judgments WHERE study = $1 AND task = ANY($2::text[])', [study.id, [...tasks]]);
      return new Set(rows.map((r) => r.task));
    },
    async append(judgment: Judgment) {
      // A person's vote must fill its slot as the board counts it: that is the board's to write.
      if (!isJudgeRater(judgment.rater)) throw new Error(`only judges' judgments are appended here, not rater ${judgment.rater}'s`);
      const record = canonicalJudgment(judgment);
      const { rowCount } = await pool.query(
        `INSERT INTO judgments (study, task, rater, item, left_system, right_system, attention_passed, record)
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7) ON CONFLICT (study, task) DO NOTHING`,
        [study.id, record.task, record.rater, record.item, record.left, record.right, JSON.stringify(record)],
      );
      return rowCount ? 'written' : 'duplicate';
    },
    async close() {
      if (closed) return;
      closed = true;
      await releasePool(databaseUrl);
    },
  };
}
