import { describe, expect, it } from 'vitest';
import { battleCells, clusterTable, pairTotals } from './battleCells.ts';
import { tableOf } from '../outcomes/fromOutcomes.ts';
import { vote } from '../outcomes/testing.ts';

describe('battleCells', () => {
  // Slot 0 is (B, A): B sorts after A, so its scores are turned around into A's.
  const outcomes = [
    vote('B', 'A', 'win', { item: 'p1', rater: 'x' }),
    vote('B', 'A', 'loss', { item: 'p2', rater: 'y' }),
    vote('A', 'B', 'win', { item: 'p1', rater: 'y' }),
    vote('B', 'A', 'tie', { item: 'p2', rater: 'x' }),
    vote('B', 'A', 'win', { item: 'p3', rater: 'x', score: 0.8 }),
    vote('B', 'C', 'both-bad', { item: 'p3', rater: 'y' }),
    vote('C', 'C', 'win', { item: 'p4', rater: 'z' }),
  ];
  const table = tableOf(outcomes);
  const cells = battleCells(table);

  it('counts battles per unordered pair (i < j) and score of i, cells in order of first appearance', () => {
    expect(table.pairs).toEqual([['B', 'A'], ['B', 'C'], ['C', 'C']]);
    expect(cells.systems).toEqual(['A', 'B', 'C']);
    expect(Array.from(cells.pairI)).toEqual([0, 1]);
    expect(Array.from(cells.pairJ)).toEqual([1, 2]);
    // A's scores against B in table order: 0 (B won), 1 (B lost), 1 (A won, as (A, B)), 0.5, 0.2 (soft).
    expect(Array.from(cells.cellPair)).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(cells.cellScore)).toEqual([0, 1, 0.5, 1 - 0.8, 0.5]);
    expect(Array.from(cells.cellCount)).toEqual([1, 2, 1, 1, 1]);
    // Every table position's cell; a system against itself has none.
    expect(Array.from(cells.outcomeCell)).toEqual([0, 1, 1, 2, 3, 4, -1]);
    const n = new Float64Array(2);
    const w = new Float64Array(2);
    pairTotals(cells, cells.cellCount, n, w);
    expect(Array.from(n)).toEqual([5, 1]);
    expect(w[0]).toBeCloseTo(0 + 1 + 1 + 0.5 + 0.2, 12);
    expect(w[1]).toBe(0.5);
  });

  it('lists systems asked for even without battles', () => {
    const more = battleCells(tableOf(outcomes, [['B', 'A'], ['D', 'A'], ['B', 'C']]), ['E']);
    expect(more.systems).toEqual(['A', 'B', 'C', 'E']);
    expect(Array.from(more.cellCount)).toEqual([1, 2, 1, 1, 1]);
  });

  it('tabulates whole clusters as the cells of their battles, only cells kept', () => {
    // By prompt, in order of first appearance: p1 (table positions 0, 2), p2 (1, 3), p3 (4, 5); p4 holds no battle.
    const byPrompt = clusterTable(table, cells, 'prompt', cells.cellCount);
    expect(Array.from(byPrompt.start)).toEqual([0, 2, 4, 6]);
    expect(Array.from(byPrompt.cell)).toEqual([0, 1, 1, 2, 3, 4]);
    expect(byPrompt.cell).toBeInstanceOf(Uint16Array);
    const byRater = clusterTable(table, cells, 'rater', cells.cellCount);
    // x: positions 0, 3, 4; y: 1, 2, 5.
    expect(Array.from(byRater.start)).toEqual([0, 3, 6]);
    expect(Array.from(byRater.cell)).toEqual([0, 2, 3, 1, 1, 4]);
    // Without cell 0 (A lost to B), p1 keeps one battle and now appears after p2.
    const keep = Float64Array.from(cells.cellCount, (c, cell) => (cell === 0 ? 0 : c));
    const kept = clusterTable(table, cells, 'prompt', keep);
    expect(Array.from(kept.start)).toEqual([0, 2, 3, 5]);
    expect(Array.from(kept.cell)).toEqual([1, 2, 1, 3, 4]);
    expect(Array.from(kept.multiplicity)).toEqual([1, 1, 1]);
  });

  it('groups identical clusters, whatever the order of their battles, with how many there are', () => {
    const many = [
      // q1 and q3 hold the same two battles in another order; q2 and q4 one win each; q5 a tie.
      vote('A', 'B', 'win', { item: 'q1' }),
      vote('A', 'B', 'loss', { item: 'q1' }),
      vote('A', 'B', 'win', { item: 'q2' }),
      vote('A', 'B', 'loss', { item: 'q3' }),
      vote('A', 'B', 'win', { item: 'q3' }),
      vote('A', 'B', 'win', { item: 'q4' }),
      vote('A', 'B', 'tie', { item: 'q5' }),
    ];
    const t = tableOf(many);
    const c = battleCells(t);
    const grouped = clusterTable(t, c, 'prompt', c.cellCount);
    // Cells: 0 = A won, 1 = A lost, 2 = tie. Groups by first appearance: {0, 1} x2, {0} x2, {2} x1.
    expect(Array.from(grouped.start)).toEqual([0, 2, 3, 4]);
    expect(Array.from(grouped.cell)).toEqual([0, 1, 0, 2]);
    expect(Array.from(grouped.multiplicity)).toEqual([2, 2, 1]);
    // A million one-battle prompts are as many groups as cells.
    const arena = Array.from({ length: 3000 }, (_, i) => vote('A', 'B', (['win', 'loss', 'tie'] as const)[i % 3], { item: `row-${i}` }));
    const a = tableOf(arena);
    const ac = battleCells(a);
    const singles = clusterTable(a, ac, 'prompt', ac.cellCount);
    expect(Array.from(singles.multiplicity)).toEqual([1000, 1000, 1000]);
  });
});
