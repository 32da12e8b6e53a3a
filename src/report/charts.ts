// Vega-Lite specifications of the report's charts (pure data -> spec), made to be printed: labels
// ≥ 12 px, names wrapped rather than cut, every share on a % axis, a plot only as tall as its rows.
// Every chart has titles on both axes; svg.ts renders them to SVG on the server.
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, LABEL_CHARS, LINE_HEIGHT, PLOT_WIDTH, SPLIT_LINES, titleAboveLabels } from './chartStyle.ts';
import type { BucketEntry, PairEntry, RatingsSection, WinMatrixSection } from './types.ts';
import { lineCount, wrappedLabel, wrappedPairLabel } from './wrapLabel.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const PERCENT = '.0%';
const NO_PREFERENCE = { mark: { type: 'rule', color: '#888', strokeDash: [4, 4] } } as const;

export interface ShareRow {
  /** The row's name, wrapped already (see pairLabel). */
  label: string;
  value: number;
  low: number | null;
  high: number | null;
}

/** A pair's name as a row label: wrapped to the label column's width. */
export function pairLabel(a: string, b: string): string {
  return wrappedPairLabel(a, b, LABEL_CHARS);
}

/** Height of one row of a chart with a name per row: room for the name's lines and some air. */
function rowStep(labels: readonly string[]): number {
  const lines = Math.max(1, ...labels.map(lineCount));
  return Math.max(28, lines * LINE_HEIGHT + 12);
}

/**
 * The y axis of a chart with a wrapped name per row, its title above the names. Every name is
 * shown: rows are made tall enough for them (rowStep), so none is hidden as overlapping.
 */
function nameAxis(title: string) {
  return { ...titleAboveLabels(title), ...multiLineLabels };
}

/**
 * Labels of wrapped names: drawn line by line and centred on their tick (vega puts a label's first
 * line at the tick and the others below it), and all shown: ticks are spaced for them.
 */
const multiLineLabels = {
  labelExpr: SPLIT_LINES,
  labelOffset: { expr: `${-LINE_HEIGHT / 2} * (length(split(datum.value, '\\n')) - 1)` },
  labelOverlap: false,
} as const;

/** Points with interval bars on a 0–100% axis, and a dashed rule at 50% (no preference). */
export function intervalChart(rows: ShareRow[], xTitle: string, yTitle: string): TopLevelSpec {
  const data = rows.map((r) => ({
    label: r.label,
    value: r.value,
    low: r.low ?? r.value,
    high: r.high ?? r.value,
  }));
  const x = { type: 'quantitative' as const, scale: { domain: [0, 1] }, title: xTitle, axis: { format: PERCENT, tickCount: 5, grid: true } };
  return {
    $schema: SCHEMA,
    width: PLOT_WIDTH,
    height: { step: rowStep(data.map((d) => d.label)) },
    config: CHART_CONFIG,
    data: { values: data },
    encoding: { y: { field: 'label', type: 'nominal', sort: null, axis: nameAxis(yTitle) } },
    layer: [
      // No y encoding of its own would leave the rule a point: it spans every row.
      { ...NO_PREFERENCE, encoding: { x: { datum: 0.5, ...x }, y: { value: 0 }, y2: { value: 'height' } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'low', ...x }, x2: { field: 'high' } } },
      { mark: { type: 'point', filled: true, size: 80, opacity: 1 }, encoding: { x: { field: 'value', ...x } } },
    ],
  } as TopLevelSpec;
}

export function forestPlot(pairs: PairEntry[]): TopLevelSpec {
  return intervalChart(
    pairs.map((p) => ({ label: pairLabel(p.a, p.b), value: p.winRate, low: p.winRateCI[0], high: p.winRateCI[1] })),
    'Win rate of the first system (ties count ½), with 95% interval',
    'Pair',
  );
}

export function ratingsPlot(section: RatingsSection): TopLevelSpec {
  const rows = [...section.ratings]
    .sort((x, y) => y.rating - x.rating)
    .map((r) => ({ label: wrappedLabel(r.system, LABEL_CHARS), rating: r.rating, low: r.ci[0], high: r.ci[1] }));
  const x = { type: 'quantitative', scale: { zero: false, nice: true }, title: `Bradley–Terry rating (anchor ${section.anchor} = 1000)`, axis: { tickCount: 6 } } as const;
  return {
    $schema: SCHEMA,
    width: PLOT_WIDTH,
    height: { step: rowStep(rows.map((r) => r.label)) },
    config: CHART_CONFIG,
    data: { values: rows },
    encoding: { y: { field: 'label', type: 'nominal', sort: null, axis: nameAxis('System (best first)') } },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'low', ...x }, x2: { field: 'high' } } },
      { mark: { type: 'point', filled: true, size: 80, opacity: 1 }, encoding: { x: { field: 'rating', ...x } } },
    ],
  } as TopLevelSpec;
}

export function winMatrixHeatmap(matrix: WinMatrixSection): TopLevelSpec {
  const names = matrix.systems.map((s) => wrappedLabel(s, LABEL_CHARS));
  const values: Array<{ row: string; column: string; winRate: number; text: string }> = [];
  matrix.systems.forEach((_, i) =>
    matrix.systems.forEach((_, j) => {
      const rate = matrix.winRate[i][j];
      if (rate !== null) values.push({ row: names[i], column: names[j], winRate: rate, text: `${Math.round(rate * 100)}%` });
    }),
  );
  // Square cells, each wide enough for its column's name turned upright (one line per 15 px).
  const step = Math.max(44, rowStep(names));
  return {
    $schema: SCHEMA,
    width: { step },
    height: { step },
    config: CHART_CONFIG,
    data: { values },
    encoding: {
      // Upright names: their boxes are a line or a few wide, so neighbours never overlap.
      x: { field: 'column', type: 'nominal', sort: names, title: 'Opponent (column)', axis: { labelAngle: -90, ...multiLineLabels } },
      y: { field: 'row', type: 'nominal', sort: names, axis: nameAxis('System (row)') },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'winRate',
            type: 'quantitative',
            scale: { scheme: 'redblue', domain: [0, 1] },
            title: 'Row win rate',
            legend: { format: PERCENT, gradientLength: Math.max(120, step * Math.min(names.length, 5)) },
          },
        },
      },
      ...(matrix.systems.length <= 12 ? [{ mark: { type: 'text' as const }, encoding: { text: { field: 'text', type: 'nominal' as const } } }] : []),
    ],
  } as TopLevelSpec;
}

/** Room for one length bucket's label ("-1234 to -567") on the x axis, in px. */
const BUCKET_STEP = 110;

/**
 * Win rate by length difference, one small chart per pair: each pair has its own buckets (from
 * its own length differences), so each gets its own x axis, buckets in order of length.
 */
export function lengthPlot(buckets: BucketEntry[]): TopLevelSpec {
  const pairOf = (b: BucketEntry) => wrappedPairLabel(b.a, b.b, 2 * LABEL_CHARS);
  const pairs = [...new Set(buckets.map(pairOf))];
  // Each pair's buckets numbered from the shortest difference up (an open lower end first): the
  // axis is sorted by that number, not by the labels' text.
  const lowOf = (b: BucketEntry) => b.low ?? -Number.MAX_VALUE;
  const byLength = [...buckets].sort((x, y) => lowOf(x) - lowOf(y));
  const order = new Map<string, number>();
  const rank = new Map<BucketEntry, number>();
  for (const b of byLength) {
    const index = order.get(pairOf(b)) ?? 0;
    order.set(pairOf(b), index + 1);
    rank.set(b, index);
  }
  const values = buckets.map((b) => ({
    pair: pairOf(b),
    bucket: b.bucket,
    order: rank.get(b),
    winRate: b.winRate,
    low: b.winRateCI?.[0] ?? b.winRate,
    high: b.winRateCI?.[1] ?? b.winRate,
  }));
  const most = Math.max(1, ...order.values());
  const x = {
    field: 'bucket',
    type: 'ordinal',
    sort: { field: 'order', op: 'min' },
    title: 'Length difference, first system minus baseline (characters)',
    // Every bucket is named: BUCKET_STEP leaves room for the longest label.
    axis: { labelAngle: 0, labelOverlap: false },
  } as const;
  const y = { type: 'quantitative' as const, scale: { domain: [0, 1] }, title: 'Win rate of the first system', axis: { format: PERCENT, tickCount: 5, grid: true } };
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    data: { values },
    facet: {
      row: {
        field: 'pair',
        type: 'nominal',
        sort: pairs,
        title: null,
        // The pair's name as a heading above its chart, left-aligned.
        header: { labelOrient: 'top', labelAngle: 0, labelAnchor: 'start', labelAlign: 'left', labelFontWeight: 'bold', labelExpr: SPLIT_LINES, labelPadding: 6 },
      },
    },
    spacing: 28,
    resolve: { scale: { x: 'independent' }, axis: { x: 'independent' } },
    spec: {
      width: Math.max(PLOT_WIDTH, most * BUCKET_STEP),
      height: 180,
      layer: [
        { ...NO_PREFERENCE, encoding: { y: { datum: 0.5, ...y } } },
        { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, y: { field: 'low', ...y }, y2: { field: 'high' } } },
        { mark: { type: 'line', point: { filled: true, size: 60 } }, encoding: { x, y: { field: 'winRate', ...y } } },
      ],
    },
  } as TopLevelSpec;
}
