// Vega-Lite specifications of the report's charts (pure data -> spec). Every chart has titles on
// both axes; svg.ts renders them to SVG on the server.
import type { TopLevelSpec } from 'vega-lite';
import type { BucketEntry, PairEntry, RatingsSection, WinMatrixSection } from './types.ts';

const WIDTH = 520;
const CONFIG = { font: 'system-ui, sans-serif', axis: { labelLimit: 420, titleFontSize: 12 }, legend: { labelLimit: 420 }, view: { stroke: null } };

export interface ShareRow {
  label: string;
  value: number;
  low: number | null;
  high: number | null;
}

function rowHeight(rows: number): number {
  return Math.max(60, rows * 26);
}

/** Points with interval bars on a [0, 1] axis, and a rule at 0.5 (no preference). */
export function intervalChart(rows: ShareRow[], xTitle: string, yTitle: string): TopLevelSpec {
  const data = rows.map((r) => ({ ...r, low: r.low ?? r.value, high: r.high ?? r.value }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: rowHeight(rows.length),
    config: CONFIG,
    data: { values: data },
    layer: [
      // No y encoding: the rule at 0.5 spans the whole plot.
      { mark: { type: 'rule', color: '#999', strokeDash: [4, 4] }, encoding: { x: { datum: 0.5, type: 'quantitative' } } },
      {
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null, title: yTitle },
          x: { field: 'low', type: 'quantitative', scale: { domain: [0, 1] }, title: xTitle, axis: { format: '.0%' } },
          x2: { field: 'high' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null, title: yTitle },
          x: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: xTitle },
          tooltip: [{ field: 'label' }, { field: 'value', format: '.3f' }],
        },
      },
    ],
  } as TopLevelSpec;
}

export function forestPlot(pairs: PairEntry[]): TopLevelSpec {
  return intervalChart(
    pairs.map((p) => ({ label: `${p.a} vs ${p.b}`, value: p.winRate, low: p.winRateCI[0], high: p.winRateCI[1] })),
    'Win rate of the first system (ties count ½), with 95% interval',
    'Pair',
  );
}

export function ratingsPlot(section: RatingsSection): TopLevelSpec {
  const rows = [...section.ratings]
    .sort((x, y) => y.rating - x.rating)
    .map((r) => ({ system: r.system, rating: r.rating, low: r.ci[0], high: r.ci[1] }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: rowHeight(rows.length),
    config: CONFIG,
    data: { values: rows },
    encoding: { y: { field: 'system', type: 'nominal', sort: null, title: 'System (best first)' } },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          x: { field: 'low', type: 'quantitative', scale: { zero: false }, title: `Bradley–Terry rating (anchor ${section.anchor} = 1000)` },
          x2: { field: 'high' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: { x: { field: 'rating', type: 'quantitative', title: `Bradley–Terry rating (anchor ${section.anchor} = 1000)` } },
      },
    ],
  } as TopLevelSpec;
}

export function winMatrixHeatmap(matrix: WinMatrixSection): TopLevelSpec {
  const values: Array<{ row: string; column: string; winRate: number; label: string }> = [];
  matrix.systems.forEach((row, i) =>
    matrix.systems.forEach((column, j) => {
      const rate = matrix.winRate[i][j];
      if (rate !== null) values.push({ row, column, winRate: rate, label: `${Math.round(rate * 100)}%` });
    }),
  );
  const side = Math.min(WIDTH, Math.max(160, matrix.systems.length * 44));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: side,
    height: side,
    config: CONFIG,
    data: { values },
    encoding: {
      x: { field: 'column', type: 'nominal', sort: matrix.systems, title: 'Opponent (column)', axis: { labelAngle: -40 } },
      y: { field: 'row', type: 'nominal', sort: matrix.systems, title: 'System (row)' },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: { field: 'winRate', type: 'quantitative', scale: { scheme: 'redblue', domain: [0, 1] }, title: 'Row win rate' },
        },
      },
      ...(matrix.systems.length <= 12
        ? [{ mark: { type: 'text' as const, fontSize: 10 }, encoding: { text: { field: 'label', type: 'nominal' as const } } }]
        : []),
    ],
  } as TopLevelSpec;
}

export function lengthPlot(buckets: BucketEntry[], order: string[]): TopLevelSpec {
  const values = buckets.map((b) => ({
    pair: `${b.a} vs ${b.b}`,
    bucket: b.bucket,
    winRate: b.winRate,
    low: b.winRateCI?.[0] ?? b.winRate,
    high: b.winRateCI?.[1] ?? b.winRate,
    n: b.n,
  }));
  const x = { field: 'bucket', type: 'ordinal', sort: order, title: 'Length difference, first system minus baseline (characters)', axis: { labelAngle: 0 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: 220,
    config: CONFIG,
    data: { values },
    layer: [
      // No x encoding: the rule at 0.5 spans the whole plot.
      { mark: { type: 'rule', color: '#999', strokeDash: [4, 4] }, encoding: { y: { datum: 0.5, type: 'quantitative' } } },
      {
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          x,
          color: { field: 'pair', type: 'nominal', title: 'Pair' },
          y: { field: 'low', type: 'quantitative', scale: { domain: [0, 1] }, title: 'Win rate of the first system' },
          y2: { field: 'high' },
        },
      },
      {
        mark: { type: 'line', point: true },
        encoding: {
          x,
          color: { field: 'pair', type: 'nominal', title: 'Pair' },
          y: { field: 'winRate', type: 'quantitative', title: 'Win rate of the first system' },
          tooltip: [{ field: 'pair' }, { field: 'bucket' }, { field: 'n' }, { field: 'winRate', format: '.3f' }],
        },
      },
    ],
  } as TopLevelSpec;
}
