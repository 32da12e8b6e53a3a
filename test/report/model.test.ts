// The report model on small synthetic judgment sets: orientation of pairs, attention checks and
// flagged raters left out of the win rates, the tidy CSV, and reproducibility.
import { describe, expect, it } from 'vitest';
import { judgmentsToCsv } from '../../src/judgments/exportCsv.ts';
import type { ReadResult } from '../../src/judgments/read.ts';
import type { Judgment } from '../../src/judgments/record.ts';
import { buildReport } from '../../src/report/model.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderJson } from '../../src/report/json.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { votesToDetect } from '../../src/stats/planning.ts';
import { expectValidReport } from '../support/reportSchema.ts';

/** buildReport, and every report it makes checked against docs/report.schema.json. */
async function build(input: Parameters<typeof buildReport>[0]): Promise<Awaited<ReturnType<typeof buildReport>>> {
  const report = await buildReport(input);
  expectValidReport(report);
  return report;
}

let counter = 0;
function j(rater: string, item: string, left: string, right: string, choice: Judgment['choice'], extra: Partial<Judgment> = {}): Judgment {
  return { v: 1, study: 's', task: `t${counter++}`, rater, item, left, right, choice, seconds: 20, ...extra };
}

function source(judgments: Judgment[], pairs?: Array<[string, string]>): ReadResult {
  return { format: 'csv', file: 'mem.csv', study: 's', judgments, items: new Map(), counts: { read: judgments.length, used: judgments.length, dropped: 0, dropReasons: {} }, pairs };
}

/** x beats y 3 times out of 4, shown on both sides; raters r1..r4 on items i0..i9. */
function votes(): Judgment[] {
  const out: Judgment[] = [];
  for (let i = 0; i < 10; i++) {
    for (let r = 1; r <= 4; r++) {
      const xLeft = (i + r) % 2 === 0;
      const xWins = r !== 4;
      out.push(j(`r${r}`, `i${i}`, xLeft ? 'x' : 'y', xLeft ? 'y' : 'x', xWins === xLeft ? 'left' : 'right'));
    }
  }
  return out;
}

const settings = { seed: 3, resamples: 300 };

describe('report model', () => {
  it('orients the pair by --baseline and reports x over y', async () => {
    const asBaseline = await build({ sources: [source(votes())], settings: { ...settings, baseline: 'x' }, generatedAt: 'T' });
    expect(asBaseline.pairs[0]).toMatchObject({ a: 'y', b: 'x', n: 40, wins: 10, losses: 30 });
    const report = await build({ sources: [source(votes())], settings: { ...settings, baseline: 'y' }, generatedAt: 'T' });
    expect(report.pairs[0]).toMatchObject({ a: 'x', b: 'y', winRate: 0.75 });
    expect(report.headline).toContain('x wins 75.0%');
    expect(report.agreement?.items).toBe(10);
    expect(report.positionBias?.n).toBe(40);
    expect(report.raters.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(renderMarkdown(report)).toContain('| x vs y | 40 | 75.0%');
    // Planning follows the observed rates: 75% with no ties.
    expect(report.planning[0]).toMatchObject({ a: 'x', b: 'y', votesToDetect: votesToDetect(0.75).votes });
    expect(report.planning[0].resolved).toBe(report.pairs[0].winRateCI[0] > 0.5 && report.pairs[0].pValue < 0.05);
  });

  it('counts ties and "both bad" apart in the headline, as the pairs table does', async () => {
    const mixed = votes().map((v, k) => (k % 10 === 0 ? { ...v, choice: 'tie' as const } : k % 10 === 1 ? { ...v, choice: 'both-bad' as const } : v));
    const report = await build({ sources: [source(mixed)], settings: { ...settings, baseline: 'y' }, generatedAt: 'T' });
    const [pair] = report.pairs;
    expect(pair.ties).toBe(4);
    expect(pair.bothBad).toBe(4);
    expect(report.headline).toContain(`${pair.wins} wins, ${pair.losses} losses, 4 ties, 4 both bad)`);
    const plain = await build({ sources: [source(votes())], settings: { ...settings, baseline: 'y' }, generatedAt: 'T' });
    expect(plain.headline).toContain('30 wins, 10 losses, 0 ties)');
  });

  it('lists influential prompts by size of change, ties by item id, and says when every prompt has one vote', async () => {
    // x vs y: four votes on each of i0..i9 (prompts differ). x vs z: one vote per prompt.
    const single = Array.from({ length: 12 }, (_, k) => j('r1', `p${String(11 - k).padStart(2, '0')}`, 'x', 'z', k % 3 === 0 ? 'right' : 'left'));
    const report = await build({ sources: [source([...votes(), ...single])], settings: { ...settings, influenceTop: 20 }, generatedAt: 'T' });
    const xz = report.dropCurves.find((c) => c.b === 'z' || c.a === 'z');
    const xy = report.dropCurves.find((c) => c.b === 'y' || c.a === 'y');
    expect(xz?.singleVotePrompts).toBe(true);
    expect(xy?.singleVotePrompts).toBe(false);
    expect(report.influence.length).toBeGreaterThan(0);
    expect(report.influence.every((x) => x.a !== 'z' && x.b !== 'z')).toBe(true);
    for (let k = 1; k < report.influence.length; k++) {
      const [before, after] = [report.influence[k - 1], report.influence[k]];
      const order = Math.abs(before.delta) - Math.abs(after.delta);
      expect(order >= 0).toBe(true);
      if (order === 0) expect(before.item < after.item).toBe(true);
    }
    for (const text of [renderMarkdown(report), await renderHtml(report)]) {
      expect(text).toMatch(/every prompt has one vote, so no prompt stands out and influence is not meaningful/);
      expect(text).toContain('ties by item id');
    }
  });

  it('leaves attention checks out of the win rates but counts them against the rater', async () => {
    const checks = [0, 1].map((k) => j('r4', `check${k}`, 'good', 'bad', 'right', { attention: { expected: 'left', passed: false } }));
    const report = await build({ sources: [source([...votes(), ...checks])], settings: { ...settings, baseline: 'y' }, generatedAt: 'T' });
    expect(report.n).toBe(40);
    expect(report.provenance.excluded).toEqual({ 'attention checks': 2 });
    expect(report.systems.map((s) => s.id).sort()).toEqual(['x', 'y']);
    const r4 = report.raters.find((r) => r.id === 'r4');
    expect(r4).toMatchObject({ attentionChecks: 2, attentionFailures: 2 });
    expect(r4?.flags).toContain('attention');

    const excluded = await build({ sources: [source([...votes(), ...checks])], settings: { ...settings, baseline: 'y', excludeFlagged: true }, generatedAt: 'T' });
    expect(excluded.pairs[0]).toMatchObject({ n: 30, wins: 30, losses: 0 });
    expect(excluded.provenance.excluded['flagged raters']).toBe(10);
  });

  it('is reproducible for a seed and changes with it', async () => {
    const one = renderJson(await build({ sources: [source(votes())], settings, generatedAt: 'T' }));
    const two = renderJson(await build({ sources: [source(votes())], settings, generatedAt: 'T' }));
    const other = renderJson(await build({ sources: [source(votes())], settings: { ...settings, seed: 4 }, generatedAt: 'T' }));
    expect(two).toBe(one);
    expect(other).not.toBe(one);
    expect(one).not.toContain('NaN');
  });

  it('ranks several systems and says which neighbours are resolved', async () => {
    const many: Judgment[] = [];
    const systems = ['s1', 's2', 's3'];
    for (let i = 0; i < 60; i++) {
      for (const [a, b] of [['s1', 's2'], ['s2', 's3'], ['s1', 's3']]) {
        // s1 beats s2 and s3 five times in six; s2 and s3 split evenly.
        const choice = a === 's1' ? (i % 6 === 0 ? 'right' : 'left') : i % 2 === 0 ? 'left' : 'right';
        many.push(j(`r${i % 5}`, `i${i}`, a, b, choice));
      }
    }
    const report = await build({ sources: [source(many)], settings, generatedAt: 'T' });
    expect(report.ratings?.ratings[0].system).toBe('s1');
    const [first, second] = report.ratings?.neighbours ?? [];
    expect(first.higher).toBe('s1');
    expect(first.resolved).toBe(true);
    expect(second.resolved).toBe(false);
    const md = renderMarkdown(report);
    expect(md.indexOf('## Ranking')).toBeLessThan(md.indexOf('## Pairwise'));
    // Vega numbers chart ids process-wide: the same report must still render to the same bytes.
    const html = await renderHtml(report);
    expect(html).toMatch(/id="heatmap-def0"/);
    expect(await renderHtml(report)).toBe(html);
  });

  it('shows systems with no finite rating (won or lost every comparison) and disconnected ones', async () => {
    // s1 and s2 split evenly; s3 loses every battle; s4 beats s5 (a separate component).
    const votesOf = (zWins: boolean): Judgment[] => {
      const many: Judgment[] = [];
      for (let i = 0; i < 40; i++) {
        many.push(j(`r${i % 3}`, `i${i}`, 's1', 's2', i % 2 === 0 ? 'left' : 'right'));
        many.push(j(`r${i % 3}`, `i${i}`, 's1', 's2', i % 3 === 0 ? 'left' : 'right'));
        many.push(j(`r${i % 3}`, `i${i}`, i % 2 ? 's1' : 's2', 's3', zWins ? 'right' : 'left'));
      }
      many.push(j('r0', 'k', 's4', 's5', 'left'));
      return many;
    };
    const below = await build({ sources: [source(votesOf(false))], settings, generatedAt: 'T' });
    expect(below.ratings?.ratings.map((r) => r.system).sort()).toEqual(['s1', 's2']);
    expect(below.ratings?.unbounded).toEqual([{ system: 's3', side: 'below', rankRange: [3, 3] }]);
    expect(below.ratings?.disconnected).toEqual(['s4', 's5']);
    const md = renderMarkdown(below);
    expect(md).toContain('| 3 | s3 | below all (no finite rating) | — | 3 |');
    expect(md).toContain('below every rated system (lost every chain of comparisons back to');
    expect(md).toContain('Not rated (no comparison path to');
    expect(JSON.parse(renderJson(below)).ratings.unbounded[0]).toEqual({ system: 's3', side: 'below', rankRange: [3, 3] });

    const above = await build({ sources: [source(votesOf(true))], settings, generatedAt: 'T' });
    expect(above.ratings?.unbounded).toEqual([{ system: 's3', side: 'above', rankRange: [1, 1] }]);
    expect(above.headline).toMatch(/^Across \d+ judgments of 5 systems, s3 ranks above every rated system/);
    expect(above.ratings?.ratings.every((r) => r.rank >= 2)).toBe(true);
    expect(renderMarkdown(above)).toContain('| 1 | s3 | above all (no finite rating) | — | 1 |');
  });

  it('shows the unbounded systems in the HTML ranking with their side, as the Markdown does', async () => {
    const votes = (s3Wins: boolean): Judgment[] => {
      const many: Judgment[] = [];
      for (let i = 0; i < 40; i++) {
        many.push(j(`r${i % 3}`, `i${i}`, 's1', 's2', i % 2 === 0 ? 'left' : 'right'));
        many.push(j(`r${i % 3}`, `i${i}`, 's1', 's2', i % 3 === 0 ? 'left' : 'right'));
        many.push(j(`r${i % 3}`, `i${i}`, i % 2 ? 's1' : 's2', 's3', s3Wins ? 'right' : 'left'));
      }
      return many;
    };
    const rows = (html: string) => [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((m) => m[1].replace(/<[^>]+>/g, '|'));
    const below = await renderHtml(await build({ sources: [source(votes(false))], settings, generatedAt: 'T' }));
    const ranking = below.slice(below.indexOf('id="ranking"'), below.indexOf('id="chart-ratings"'));
    const belowRows = rows(ranking);
    // Rated systems first, then s3 below them, rank 3 of 3.
    expect(belowRows.at(-1)).toBe('|3||s3||below all (no finite rating)||—||3|');
    expect(ranking).toContain('below every rated system (lost every chain of comparisons back to');
    expect(ranking).not.toContain('Not rated by the fit');

    const above = await renderHtml(await build({ sources: [source(votes(true))], settings, generatedAt: 'T' }));
    const aboveRanking = above.slice(above.indexOf('id="ranking"'), above.indexOf('id="chart-ratings"'));
    // The header row, then s3 above every rated system.
    expect(rows(aboveRanking)[1]).toBe('|1||s3||above all (no finite rating)||—||1|');
    expect(aboveRanking).toContain('above every rated system (won every chain of comparisons back to');
  });
});

describe('tidy CSV export', () => {
  it('writes one row per judgment with quoting', async () => {
    const csv = judgmentsToCsv([j('r,1', 'i"1', 'x', 'y', 'left', { score: 0.75 })]);
    const [header, row] = csv.trim().split('\n');
    expect(header.split(',')).toContain('winner');
    expect(row).toContain('"i""1","r,1",x,y,left,x,,0.75');
  });
});

describe('HTML report', () => {
  it('escapes texts from the data and says when sides were not counterbalanced', async () => {
    const { renderHtml } = await import('../../src/report/html.ts');
    // Two votes per prompt, so the influence table lists prompts (and their texts).
    const judgments = Array.from({ length: 12 }, (_, i) => j(`judge${i % 2}`, `p${i >> 1}`, 'base', 'model', i < 9 ? 'right' : 'left'));
    const items = new Map(judgments.map((x) => [x.item, { id: x.item, prompt: `<script>alert(${x.item})</script> & more` }]));
    const report = await build({ sources: [{ ...source(judgments, [['model', 'base']]), items }], settings, generatedAt: 'T' });
    expect(report.positionBias?.counterbalanced).toBe(false);
    const html = await renderHtml(report);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(p');
    expect(html).toContain('not counterbalanced');
    expect(html).toMatch(/<svg[^>]*>/);
  });
});
