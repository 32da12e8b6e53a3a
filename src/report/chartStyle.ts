// How every report chart looks: sizes made for print (a chart is pasted into a paper or a slide
// at about its own size), one font, and axis settings shared by all charts.
import type { Config } from 'vega-lite';

/**
 * DejaVu Sans first: it is the font bundled for the PNG export (assets.ts), so the PNG looks the
 * same on every machine; browsers without it fall back to their own sans-serif.
 */
export const CHART_FONT = 'DejaVu Sans, system-ui, sans-serif';

export const LABEL_FONT_SIZE = 12;
export const TITLE_FONT_SIZE = 13;
/** Distance between the lines of a wrapped label, in px. */
export const LINE_HEIGHT = 15;

/** Width of a chart's plot area (not counting axes and labels), in px. */
export const PLOT_WIDTH = 440;
/** Characters per line of a wrapped system or pair name in a label column. */
export const LABEL_CHARS = 30;

/**
 * Vega lays text out from an estimate of 0.8 em per character (no canvas on the server), which is
 * wider than real text in any common font; a limit of 0 means none, so no label is cut short:
 * labels are wrapped instead.
 */
const NO_LIMIT = 0;

export const CHART_CONFIG: Config = {
  font: CHART_FONT,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelFontSize: LABEL_FONT_SIZE,
    titleFontSize: TITLE_FONT_SIZE,
    titleFontWeight: 'bold',
    labelColor: '#222',
    titleColor: '#111',
    labelLimit: NO_LIMIT,
    labelLineHeight: LINE_HEIGHT,
    titlePadding: 10,
    // Hidden rather than drawn on top of each other when ticks are dense.
    labelOverlap: true,
    labelSeparation: 6,
  },
  legend: { labelFontSize: LABEL_FONT_SIZE, titleFontSize: TITLE_FONT_SIZE, labelLimit: NO_LIMIT, titleLimit: NO_LIMIT },
  header: { labelFontSize: TITLE_FONT_SIZE, titleFontSize: TITLE_FONT_SIZE, labelLimit: NO_LIMIT, labelLineHeight: LINE_HEIGHT },
  text: { fontSize: LABEL_FONT_SIZE },
};

/** Vega expression that turns a wrapped label (see wrapLabel.ts) into its lines. */
export const SPLIT_LINES = "split(datum.label, '\\n')";

/**
 * The y axis' title of a chart with a column of names on the left: written horizontally above that
 * column, like a table's column header, instead of turned on its side beside the names, where long
 * names would run into it.
 */
export function titleAboveLabels(title: string) {
  return { title, titleAngle: 0, titleAlign: 'right', titleBaseline: 'bottom', titleAnchor: 'start', titleX: -7, titleY: -8 } as const;
}
