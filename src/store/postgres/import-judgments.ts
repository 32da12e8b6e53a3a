// Importing a study's judgments into PostgreSQL (see src/store/transfer.ts for the checks that come
// first): one transaction, rows numbered in the file's order, tasks already stored skipped and
// counted, and the slots' counts (votes per (item, pair) and sides) grown with every added vote, as
// the board counts its own votes.
import { buildPlan } from '../../assign/plan.ts';
import { isJudgeRater } from '../../judgments/raterKind.ts';
import type { Judgment } from '../../judgments/record.ts';
import type { Study } from '../../study/schema.ts';
import type { ImportSummary } from '../transfer.ts';
import { slotsLock } from './locks.ts';
import { acquirePool, describeDatabase, releasePool } from './pool.ts';

/** Rows per INSERT. */
const CHUNK = 2_000;

export async function importIntoPostgres(study: Study, databaseUrl: string, judgments: Judgment[]): Promise<ImportSummary> {
  const pool = await acquirePool(databaseUrl);
  const summary: ImportSummary = { read: judgments.length, added: 0, already: 0, differing: 0, location: `${describeDatabase(databaseUrl)} (study ${study.id})` };
  const plan = buildPlan(study);
  try {
    const db = await pool.connect();
    try {
      // The lock the board takes to create slot rows: a board opening meanwhile counts these
      // votes into the slots it creates after this commit, and those this transaction updates exist.
      await db.query(`BEGIN; SELECT pg_advisory_xact_lock(${slotsLock(study.id)})`);
      const counts = new Map<number, { item: string; a: string; b: string; n: number; left: number; right: number }>();
      for (let start = 0; start < judgments.length; start += CHUNK) {
        const chunk = judgments.slice(start, start + CHUNK);
        const records = chunk.map((j) => JSON.stringify(j));
        // The same column values as the board's answer(); rows numbered (seq) in the file's order.
        const { rows } = await db.query<{ task: string }>(
          `INSERT INTO judgments (study, task, rater, item, left_system, right_system, attention_passed, record)
           SELECT $1, t.task, t.rater, t.item, t.left_system, t.right_system, t.attention_passed, t.record
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[])
             WITH ORDINALITY AS t(task, rater, item, left_system, right_system, attention_passed, record, n)
           ORDER BY t.n
           ON CONFLICT (study, task) DO NOTHING
           RETURNING task`,
          [
            study.id,
            chunk.map((j) => j.task),
            chunk.map((j) => j.rater),
            chunk.map((j) => j.item),
            chunk.map((j) => j.left),
            chunk.map((j) => j.right),
            chunk.map((j) => (j.attention ? j.attention.passed : null)),
            records,
          ],
        );
        const added = new Set(rows.map((r) => r.task));
        const skipped: number[] = [];
        chunk.forEach((judgment, i) => {
          if (!added.has(judgment.task)) {
            skipped.push(i);
            return;
          }
          summary.added++;
          // Checks and LLM judges' verdicts fill no slot (the server counts neither when it opens).
          if (judgment.attention || isJudgeRater(judgment.rater)) return;
          const found = plan.slotOf(judgment.item, judgment.left, judgment.right);
          if (!found) return;
          const { slot, aOnLeft } = found;
          const count = counts.get(slot.index) ?? { item: slot.item, a: slot.a, b: slot.b, n: 0, left: 0, right: 0 };
          count.n++;
          if (aOnLeft) count.left++;
          else count.right++;
          counts.set(slot.index, count);
        });
        summary.already += skipped.length;
        if (skipped.length > 0) {
          const stored = await db.query<{ task: string; record: string }>('SELECT task, record FROM judgments WHERE study = $1 AND task = ANY($2::text[])', [
            study.id,
            skipped.map((i) => chunk[i].task),
          ]);
          const recordOf = new Map(stored.rows.map((r) => [r.task, r.record]));
          for (const i of skipped) if (recordOf.get(chunk[i].task) !== records[i]) summary.differing++;
        }
      }
      // Slot rows the board created already count what they hold: add the new votes (and their
      // sides) as take() and answer() would have. Slots not created yet count them when they are.
      const updates = [...counts.values()];
      if (updates.length > 0) {
        await db.query(
          `UPDATE slots s SET taken = s.taken + u.n, a_left = s.a_left + u.l, a_right = s.a_right + u.r
           FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[]) AS u(item, a, b, n, l, r)
           WHERE s.study = $1 AND s.item = u.item AND s.a = u.a AND s.b = u.b`,
          [study.id, updates.map((u) => u.item), updates.map((u) => u.a), updates.map((u) => u.b), updates.map((u) => u.n), updates.map((u) => u.left), updates.map((u) => u.right)],
        );
      }
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  } finally {
    await releasePool(databaseUrl);
  }
  return summary;
}
