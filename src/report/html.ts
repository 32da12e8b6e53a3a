// The HTML report: one self-contained file (inline CSS, SVG charts rendered here, no script, no
// network). Every text from the data goes through EJS escaping; only our SVGs are inserted raw.
import ejs from 'ejs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { forestPlot, intervalChart, lengthPlot, pairLabel, ratingsPlot, winMatrixHeatmap } from './charts.ts';
import * as f from './format.ts';
import { scrollableTables } from './scrollableTables.ts';
import { renderSvg } from './svg.ts';
import type { Report } from './types.ts';

const TEMPLATE = fileURLToPath(new URL('../../views/report.ejs', import.meta.url));
let template: Promise<ejs.TemplateFunction> | undefined;

/** Each chart's SVG by name ('' when the report has no such chart); the names are those of assets/. */
export interface ReportCharts {
  forest: string;
  ratings: string;
  heatmap: string;
  position: string;
  length: string;
}

export async function renderCharts(report: Report): Promise<ReportCharts> {
  const many = report.ratings !== null && report.systems.length > 2;
  const bias = report.positionBias?.byPair.filter((p) => p.leftShare !== null) ?? [];
  const [forest, ratings, heatmap, position, length] = await Promise.all([
    report.pairs.length ? renderSvg(forestPlot(report.pairs), 'forest') : '',
    many && report.ratings ? renderSvg(ratingsPlot(report.ratings), 'ratings') : '',
    many ? renderSvg(winMatrixHeatmap(report.winMatrix), 'heatmap') : '',
    bias.length
      ? renderSvg(
          intervalChart(
            bias.map((p) => ({ label: pairLabel(p.a, p.b), value: p.leftShare ?? 0, low: p.leftShareCI?.[0] ?? null, high: p.leftShareCI?.[1] ?? null })),
            'Share of decisive votes for the left side',
            'Pair',
          ),
          'position',
        )
      : '',
    report.lengthBuckets.length ? renderSvg(lengthPlot(report.lengthBuckets), 'length') : '',
  ]);
  return { forest, ratings, heatmap, position, length };
}

/** `charts` when they were already rendered for another format (the assets), else rendered here. */
export async function renderHtml(report: Report, charts?: Promise<ReportCharts>): Promise<string> {
  template ??= readFile(TEMPLATE, 'utf8').then((src) => ejs.compile(src, { filename: TEMPLATE }));
  const svgs = await (charts ?? renderCharts(report));
  return scrollableTables((await template)({ report, charts: svgs, f, lvl: Math.round(report.settings.level * 100) }));
}
