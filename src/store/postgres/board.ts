// The PostgreSQL TaskBoard: a study's state in a database that several server instances share.
// Nothing about a study is held in memory; every operation is one transaction, so what one
// instance does, the others see:
// - a rater's requests are serialised by a transaction-level advisory lock on (study, rater);
// - a pair is granted by locking the least-covered open slot row the rater has not seen
//   (FOR UPDATE SKIP LOCKED: concurrent grants take different rows) and counting it there, so
//   no slot gets more than its target between all instances;
// - a vote is the judgment row inserted (unique on study and task) and the lease deleted, in one
//   commit before the rater hears back; a lease that ran out gives its slot back, whichever
//   instance notices first (the dead instance's leases too).
// The choices within the rules (sides, attention checks) are the same pure functions the embedded
// board uses (src/assign/choices.ts).
import type pg from 'pg';
import { candidateGoesLeft, checkAt, slotOrder } from '../../assign/choices.ts';
import { buildPlan, type TaskPlan } from '../../assign/plan.ts';
import { canonicalJudgment } from '../../judgments/canonical.ts';
import { JUDGE_PREFIX } from '../../judgments/raterKind.ts';
import type { Judgment } from '../../judgments/record.ts';
import type { Study } from '../../study/schema.ts';
import { newTaskId } from '../task-id.ts';
import type { AnswerResult, Lease, ProlificIds, RaterRecord, RaterState, StudyProgress, TakenTask, TaskBoard } from '../types.ts';
import { raterLock, slotsLock } from './locks.ts';
import { acquirePool, describeDatabase, releasePool } from './pool.ts';

/** Expired leases are swept at most this often per instance (each take also frees the rater's own). */
const SWEEP_EVERY_MS = 1_000;
/** Judgments read per round trip when a study's log is read whole. */
const PAGE = 5_000;
/** A transaction that lost a deadlock or a serialisation race is tried again this often. */
const RETRIES = 5;

export interface PostgresBoardOptions {
  study: Study;
  databaseUrl: string;
  now?: () => Date;
}

export async function openPostgresBoard(options: PostgresBoardOptions): Promise<TaskBoard> {
  const pool = await acquirePool(options.databaseUrl);
  try {
    const board = new PostgresBoard(options.study, pool, options.databaseUrl);
    await board.syncSlots();
    return board;
  } catch (error) {
    await releasePool(options.databaseUrl);
    throw error;
  }
}

interface LeaseRow {
  task: string;
  rater: string;
  item: string;
  left_system: string;
  right_system: string;
  check_id: string | null;
  expected: 'left' | 'right' | null;
  position: number;
  shown_at: string;
  expires_at: string;
  slot_a: string | null;
  slot_b: string | null;
  a_on_left: boolean | null;
}

interface RaterRow {
  id: string;
  prolific: ProlificIds | null;
  created_at: string;
  consented_at: string | null;
  finished_at: string | null;
}

interface SlotRow {
  item: string;
  a: string;
  b: string;
  pair_index: number;
  taken: number;
  a_left: number;
  a_right: number;
}

class PostgresBoard implements TaskBoard {
  readonly location: string;
  private readonly plan: TaskPlan;
  private readonly failThreshold: number;
  private lastSweep = -Infinity;

  constructor(
    private readonly study: Study,
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {
    this.location = `${describeDatabase(url)} (study ${study.id})`;
    this.plan = buildPlan(study);
    this.failThreshold = study.attentionChecks?.failThreshold ?? 1;
  }

  /**
   * Makes the slots table match the study's plan: new slots are added (counting the votes the log
   * already holds for them, e.g. imported ones), slots the study dropped stop being offered.
   */
  async syncSlots(): Promise<void> {
    const { slots } = this.plan;
    await this.transaction(async (db) => {
      await db.query(
        `INSERT INTO slots (study, item, a, b, pair_index, ord, taken, a_left, a_right)
         SELECT $1, p.item, p.a, p.b, p.pair_index, p.ord,
                count(j.task),
                count(j.task) FILTER (WHERE j.left_system = p.a),
                count(j.task) FILTER (WHERE j.left_system = p.b)
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::float8[]) AS p(item, a, b, pair_index, ord)
         LEFT JOIN judgments j ON j.study = $1 AND j.item = p.item AND j.attention_passed IS NULL AND ${NOT_A_JUDGE('j.rater')}
           AND ((j.left_system = p.a AND j.right_system = p.b) OR (j.left_system = p.b AND j.right_system = p.a))
         GROUP BY p.item, p.a, p.b, p.pair_index, p.ord
         ON CONFLICT (study, item, a, b) DO UPDATE SET pair_index = EXCLUDED.pair_index, ord = EXCLUDED.ord, active = true`,
        [
          this.study.id,
          slots.map((s) => s.item),
          slots.map((s) => s.a),
          slots.map((s) => s.b),
          slots.map((s) => s.pairIndex),
          slots.map((s) => slotOrder(this.study.seed, s.item, s.pairIndex)),
        ],
      );
      await db.query(
        `UPDATE slots s SET active = false
         WHERE s.study = $1 AND s.active AND NOT EXISTS (
           SELECT 1 FROM unnest($2::text[], $3::text[], $4::text[]) AS p(item, a, b) WHERE p.item = s.item AND p.a = s.a AND p.b = s.b)`,
        [this.study.id, slots.map((s) => s.item), slots.map((s) => s.a), slots.map((s) => s.b)],
      );
    }, `SELECT pg_advisory_xact_lock(${slotsLock(this.study.id)})`);
  }

  async enter(identity: { id: string; prolific?: ProlificIds }, at: Date): Promise<RaterState> {
    const { rows } = await this.pool.query<RaterRow & { answered: number; failures: number }>(
      `WITH r AS (
         INSERT INTO raters (study, id, prolific, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (study, id) DO UPDATE SET prolific = COALESCE(raters.prolific, EXCLUDED.prolific)
         RETURNING id, prolific, created_at, consented_at, finished_at
       )
       SELECT r.*, ${COUNTS} FROM r`,
      [this.study.id, identity.id, identity.prolific ?? null, at.toISOString()],
    );
    return this.stateOf(rows[0]);
  }

  async rater(id: string): Promise<RaterState | undefined> {
    const { rows } = await this.pool.query<RaterRow & { answered: number; failures: number }>(
      prepared('rater', `SELECT r.id, r.prolific, r.created_at, r.consented_at, r.finished_at, ${COUNTS} FROM raters r WHERE r.study = $1 AND r.id = $2`, [this.study.id, id]),
    );
    return rows[0] && this.stateOf(rows[0]);
  }

  async mark(raterId: string, step: 'consentedAt' | 'finishedAt', at: Date): Promise<void> {
    const column = step === 'consentedAt' ? 'consented_at' : 'finished_at';
    await this.pool.query(`UPDATE raters SET ${column} = COALESCE(${column}, $3) WHERE study = $1 AND id = $2`, [this.study.id, raterId, at.toISOString()]);
  }

  async take(raterId: string, now: Date): Promise<TakenTask | undefined> {
    await this.sweep(now);
    // The rater's lock is taken with BEGIN: two instances cannot both grant this rater a task.
    return this.transaction(async (db) => {
      const { held, seen } = await this.raterHistory(db, raterId);
      if (held && Number(held.expires_at) > now.getTime()) {
        return { lease: toLease(held), total: await this.total(db, seen.answered, new Set([...seen.items, held.item])) };
      }
      if (held) await this.endLease(db, held);
      if (seen.answered >= this.study.raterLimit) return undefined;
      const slot = await this.openSlot(db, seen.items);
      // Checks are mixed into real work only: a rater with nothing left to judge is done.
      if (!slot) return undefined;
      const position = seen.answered + 1;
      const base = { task: newTaskId(), rater: raterId, position, shownAt: now.toISOString(), expiresAt: now.getTime() + this.study.leaseSeconds * 1000 };
      const check = checkAt(this.study.seed, this.study.attentionChecks, raterId, position, seen.checks);
      if (check) {
        const lease: Lease = { ...base, item: check.check.id, left: check.left, right: check.right, check: { id: check.check.id, expected: check.expected } };
        await this.insertLease(db, lease, undefined);
        return { lease, total: await this.total(db, seen.answered, seen.items) };
      }
      const aOnLeft = candidateGoesLeft(this.study.seed, { item: slot.item, pairIndex: slot.pair_index }, slot.a_left, slot.a_right);
      const lease: Lease = { ...base, item: slot.item, left: aOnLeft ? slot.a : slot.b, right: aOnLeft ? slot.b : slot.a };
      await this.insertLease(db, lease, { a: slot.a, b: slot.b, aOnLeft });
      return { lease, total: await this.total(db, seen.answered, new Set([...seen.items, slot.item])) };
    }, `SELECT pg_advisory_xact_lock(${raterLock(this.study.id, raterId)})`);
  }

  async leaseOf(task: string): Promise<Lease | undefined> {
    const { rows } = await this.pool.query<LeaseRow>(prepared('lease-of', 'SELECT * FROM leases WHERE study = $1 AND task = $2', [this.study.id, task]));
    return rows[0] && toLease(rows[0]);
  }

  async answer(lease: Lease, judgment: Judgment, now: Date): Promise<AnswerResult> {
    const record = canonicalJudgment(judgment);
    // One statement, one commit: the open lease ends and its judgment is stored, or neither.
    const { rowCount } = await this.pool.query(
      prepared(
        'answer',
        `WITH ended AS (DELETE FROM leases WHERE study = $1 AND task = $2 AND expires_at > $9 RETURNING task)
         INSERT INTO judgments (study, task, rater, item, left_system, right_system, attention_passed, record)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM ended ON CONFLICT (study, task) DO NOTHING`,
        [this.study.id, record.task, record.rater, record.item, record.left, record.right, record.attention ? record.attention.passed : null, JSON.stringify(record), now.getTime()],
      ),
    );
    if (rowCount) return 'written';
    // No open lease: answered already, expired (its slot is given back here), or never there.
    return this.transaction(async (db) => {
      const row = (await db.query<LeaseRow>('SELECT * FROM leases WHERE study = $1 AND task = $2 FOR UPDATE', [this.study.id, lease.task])).rows[0];
      if (row) await this.endLease(db, row);
      const { rowCount: stored } = await db.query('SELECT 1 FROM judgments WHERE study = $1 AND task = $2', [this.study.id, lease.task]);
      return stored ? 'duplicate' : 'gone';
    });
  }

  async judgmentOf(task: string): Promise<Judgment | undefined> {
    const { rows } = await this.pool.query<{ record: string }>('SELECT record FROM judgments WHERE study = $1 AND task = $2', [this.study.id, task]);
    return rows[0] && (JSON.parse(rows[0].record) as Judgment);
  }

  async *judgments(): AsyncIterable<Judgment> {
    // Pages by position in the log, all read in one snapshot: a seq is drawn at insert but becomes
    // visible at commit, so pages read in separate snapshots could miss a vote committed meanwhile.
    const db = await this.pool.connect();
    let open = false;
    try {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      open = true;
      let after = '0';
      for (;;) {
        const { rows } = await db.query<{ seq: string; record: string }>(
          'SELECT seq, record FROM judgments WHERE study = $1 AND seq > $2 ORDER BY seq LIMIT $3',
          [this.study.id, after, PAGE],
        );
        for (const row of rows) yield JSON.parse(row.record) as Judgment;
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1].seq;
      }
      await db.query('COMMIT');
      open = false;
    } finally {
      // Also when the reader stopped early: the snapshot is let go before the connection returns.
      if (open) await db.query('ROLLBACK').catch(() => undefined);
      db.release();
    }
  }

  async judgmentCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM judgments WHERE study = $1', [this.study.id]);
    return rows[0].n;
  }

  async progress(now: Date): Promise<StudyProgress> {
    const id = this.study.id;
    const [judgments, perPair, raters, flagged, leases] = await Promise.all([
      this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM judgments WHERE study = $1', [id]),
      this.pool.query<{ item: string; left_system: string; right_system: string; n: number }>(
        `SELECT item, left_system, right_system, count(*)::int AS n FROM judgments WHERE study = $1 AND attention_passed IS NULL AND ${NOT_A_JUDGE('rater')} GROUP BY 1, 2, 3`,
        [id],
      ),
      this.pool.query<{ n: number; finished: number }>('SELECT count(*)::int AS n, count(finished_at)::int AS finished FROM raters WHERE study = $1', [id]),
      this.pool.query<{ rater: string; failures: number }>(
        'SELECT rater, count(*)::int AS failures FROM judgments WHERE study = $1 AND attention_passed = false GROUP BY rater HAVING count(*) >= $2 ORDER BY rater',
        [id, this.failThreshold],
      ),
      this.pool.query<{ n: number; raters: number }>('SELECT count(*)::int AS n, count(DISTINCT rater)::int AS raters FROM leases WHERE study = $1 AND expires_at > $2', [id, now.getTime()]),
    ]);
    const votes = this.plan.pairs.map(() => 0);
    for (const row of perPair.rows) {
      const found = this.plan.slotOf(row.item, row.left_system, row.right_system);
      if (found) votes[found.slot.pairIndex] += row.n;
    }
    const slotsPerPair = this.plan.pairs.map(() => 0);
    for (const slot of this.plan.slots) slotsPerPair[slot.pairIndex]++;
    const pairs = this.plan.pairs.map(([a, b], i) => ({ a, b, votes: votes[i], target: slotsPerPair[i] * this.plan.target }));
    return {
      studyId: id,
      judgments: judgments.rows[0].n,
      pairs,
      votes: pairs.reduce((sum, p) => sum + p.votes, 0),
      target: pairs.reduce((sum, p) => sum + p.target, 0),
      raters: raters.rows[0].n,
      activeRaters: leases.rows[0].raters,
      finishedRaters: raters.rows[0].finished,
      flaggedRaters: flagged.rows.map((r) => ({ id: r.rater, attentionFailures: r.failures })),
      openLeases: leases.rows[0].n,
    };
  }

  async close(): Promise<void> {
    await releasePool(this.url);
  }

  private stateOf(row: RaterRow & { answered: number; failures: number }): RaterState {
    const record: RaterRecord = {
      id: row.id,
      ...(row.prolific ? { prolific: row.prolific } : {}),
      createdAt: row.created_at,
      ...(row.consented_at ? { consentedAt: row.consented_at } : {}),
      ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    };
    return { record, answered: row.answered, attentionFailures: row.failures };
  }

  /** The rater's lease, and what they answered (never shown again), in one round trip. */
  private async raterHistory(db: pg.PoolClient, raterId: string): Promise<{ held?: LeaseRow; seen: { answered: number; items: Set<string>; checks: Set<string> } }> {
    const { rows } = await db.query<{ lease: LeaseRow | null; item: string | null; is_check: boolean | null }>(
      prepared(
        'rater-history',
        `SELECT to_jsonb(l) AS lease, NULL AS item, NULL AS is_check FROM leases l WHERE l.study = $1 AND l.rater = $2
         UNION ALL SELECT NULL, item, attention_passed IS NOT NULL FROM judgments WHERE study = $1 AND rater = $2`,
        [this.study.id, raterId],
      ),
    );
    const items = new Set<string>();
    const checks = new Set<string>();
    let held: LeaseRow | undefined;
    let answered = 0;
    for (const row of rows) {
      if (row.lease) {
        held = row.lease;
        continue;
      }
      answered++;
      (row.is_check ? checks : items).add(row.item as string);
    }
    return { ...(held ? { held } : {}), seen: { answered, items, checks } };
  }

  /**
   * The least-covered open slot the rater has not seen, locked. Rows other transactions hold are
   * skipped (they are being granted right now); only when every open one is held does it wait, so
   * a rater is never told "done" while a slot is merely busy.
   */
  private async openSlot(db: pg.PoolClient, seen: Set<string>): Promise<SlotRow | undefined> {
    const query = (name: string, lock: string) =>
      db.query<SlotRow>(
        prepared(
          name,
          `SELECT item, a, b, pair_index, taken, a_left, a_right FROM slots
           WHERE study = $1 AND active AND taken < $2 AND item <> ALL($3::text[])
           ORDER BY taken, ord LIMIT 1 ${lock}`,
          [this.study.id, this.study.votesPerPair, [...seen]],
        ),
      );
    return (await query('open-slot-free', 'FOR UPDATE SKIP LOCKED')).rows[0] ?? (await query('open-slot-wait', 'FOR UPDATE')).rows[0];
  }

  /** How many tasks a rater holding a lease will do in all: at most as many more as there are unseen items with open work. */
  private async total(db: pg.PoolClient, answered: number, seen: Set<string>): Promise<number> {
    const wanted = this.study.raterLimit - answered - 1;
    if (wanted <= 0) return answered + 1;
    // Enough rows to find `wanted` distinct items even if every item offers all its pairs.
    const { rows } = await db.query<{ item: string }>(
      prepared(
        'open-items',
        'SELECT item FROM slots WHERE study = $1 AND active AND taken < $2 AND item <> ALL($3::text[]) ORDER BY taken, ord LIMIT $4',
        [this.study.id, this.study.votesPerPair, [...seen], wanted * this.plan.pairs.length],
      ),
    );
    return answered + 1 + Math.min(wanted, new Set(rows.map((r) => r.item)).size);
  }

  /** Stores a lease and (for a pair) counts it on its slot, in one statement. */
  private async insertLease(db: pg.PoolClient, lease: Lease, slot: { a: string; b: string; aOnLeft: boolean } | undefined): Promise<void> {
    await db.query(
      prepared(
        'insert-lease',
        `WITH counted AS (
         UPDATE slots SET taken = taken + 1, a_left = a_left + $15, a_right = a_right + $16
         WHERE $12::text IS NOT NULL AND study = $1 AND item = $4 AND a = $12 AND b = $13
       )
       INSERT INTO leases (study, task, rater, item, left_system, right_system, check_id, expected, position, shown_at, expires_at, slot_a, slot_b, a_on_left)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
        this.study.id, lease.task, lease.rater, lease.item, lease.left, lease.right, lease.check?.id ?? null, lease.check?.expected ?? null,
        lease.position, lease.shownAt, lease.expiresAt, slot?.a ?? null, slot?.b ?? null, slot?.aOnLeft ?? null,
        slot?.aOnLeft ? 1 : 0, slot && !slot.aOnLeft ? 1 : 0,
        ],
      ),
    );
  }

  /** An unanswered lease ends: its slot gives back the place it held. */
  private async endLease(db: pg.PoolClient, row: LeaseRow): Promise<void> {
    const { rowCount } = await db.query('DELETE FROM leases WHERE study = $1 AND task = $2', [this.study.id, row.task]);
    if (!rowCount || row.slot_a === null || row.slot_b === null) return;
    await db.query(
      'UPDATE slots SET taken = taken - 1, a_left = a_left - $5, a_right = a_right - $6 WHERE study = $1 AND item = $2 AND a = $3 AND b = $4',
      [this.study.id, row.item, row.slot_a, row.slot_b, row.a_on_left ? 1 : 0, row.a_on_left ? 0 : 1],
    );
  }

  /** Ends the study's expired leases (any instance's): their slots are offered again. */
  private async sweep(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now.getTime();
    await this.transaction(async (db) => {
      await db.query(
        `WITH gone AS (
           DELETE FROM leases WHERE study = $1 AND expires_at <= $2 RETURNING item, slot_a, slot_b, a_on_left
         ), freed AS (
           SELECT item, slot_a, slot_b, count(*)::int AS n, count(*) FILTER (WHERE a_on_left)::int AS l, count(*) FILTER (WHERE NOT a_on_left)::int AS r
           FROM gone WHERE slot_a IS NOT NULL GROUP BY 1, 2, 3
         )
         UPDATE slots s SET taken = s.taken - f.n, a_left = s.a_left - f.l, a_right = s.a_right - f.r
         FROM freed f WHERE s.study = $1 AND s.item = f.item AND s.a = f.slot_a AND s.b = f.slot_b`,
        [this.study.id, now.getTime()],
      );
    });
  }

  /**
   * Runs `work` in a transaction, again when it lost a deadlock or serialisation race. `prelude`
   * (a statement without parameters, e.g. taking a lock) is sent with BEGIN, in the same round trip.
   */
  private async transaction<T>(work: (db: pg.PoolClient) => Promise<T>, prelude?: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const db = await this.pool.connect();
      try {
        await db.query(prelude ? `BEGIN; ${prelude}` : 'BEGIN');
        const result = await work(db);
        await db.query('COMMIT');
        return result;
      } catch (error) {
        await db.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (attempt < RETRIES && (code === '40P01' || code === '40001')) continue;
        throw error;
      } finally {
        db.release();
      }
    }
  }
}

/**
 * A named (prepared) query: planned once per connection instead of on every call. The hot queries
 * of a pair fetch and a vote spent more time being planned than run.
 */
function prepared(name: string, text: string, values: unknown[]): pg.QueryConfig {
  return { name: `prefstudy-${name}`, text, values };
}

/** A condition on a judgments column: the vote is a person's, not an LLM judge's (which fill no slot). */
const NOT_A_JUDGE = (column: string) => `NOT starts_with(${column}, '${JUDGE_PREFIX}')`;

/** A rater's answered tasks and failed checks, for a query over `raters r`. */
const COUNTS = `(SELECT count(*)::int FROM judgments j WHERE j.study = $1 AND j.rater = r.id) AS answered,
  (SELECT count(*)::int FROM judgments j WHERE j.study = $1 AND j.rater = r.id AND j.attention_passed = false) AS failures`;

function toLease(row: LeaseRow): Lease {
  return {
    task: row.task,
    rater: row.rater,
    item: row.item,
    left: row.left_system,
    right: row.right_system,
    ...(row.check_id && row.expected ? { check: { id: row.check_id, expected: row.expected } } : {}),
    position: row.position,
    shownAt: row.shown_at,
    expiresAt: Number(row.expires_at),
  };
}
