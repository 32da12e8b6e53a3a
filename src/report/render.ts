// All report formats rendered, by file name: the reports as text, the judgments CSV as chunks made
// when it is written or sent, and the charts as SVG and PNG files under assets/.
import { judgmentsCsvBytes } from '../judgments/exportCsv.ts';
import type { Judgment } from '../judgments/record.ts';
import type { FileContent, FileGroup, PendingFile } from './fileContent.ts';
import type { ReportCharts } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import type { Report } from './types.ts';

/** What `prefstudy report` writes unless told otherwise: one file each. */
export const DEFAULT_FORMATS = ['html', 'md', 'json', 'csv'] as const;
/** `assets` is a folder of chart files (assets.ts), asked for when a paper or slides need them. */
export const REPORT_FORMATS = [...DEFAULT_FORMATS, 'assets'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** The formats that are one file each, with a name in FILE_NAMES. */
export type FileFormat = (typeof DEFAULT_FORMATS)[number];

export const FILE_NAMES: Record<FileFormat, string> = {
  html: 'report.html',
  md: 'report.md',
  json: 'report.json',
  csv: 'judgments.csv',
};

/** The folder of the `assets` format, in the report's folder. */
export const ASSETS_DIR = 'assets';

/**
 * The files of the formats, for writeAll: the judgments CSV first, since it needs only the
 * judgments and can be written while the report is still being computed (its bootstraps
 * run in a worker thread); the others once `report` is ready. The chart files of `assets` are
 * one entry, a folder's files: how many there are is known only once the report is.
 */
export function reportFiles(report: Promise<Report>, judgments: JudgmentsOnDemand, formats: readonly FileFormat[]): Map<string, FileContent | Promise<FileContent>>;
export function reportFiles(report: Promise<Report>, judgments: JudgmentsOnDemand, formats: readonly ReportFormat[]): Map<string, PendingFile>;
export function reportFiles(report: Promise<Report>, judgments: JudgmentsOnDemand, formats: readonly ReportFormat[]): Map<string, PendingFile> {
  const files = new Map<string, PendingFile>();
  if (formats.includes('csv')) files.set(FILE_NAMES.csv, csvContent(judgments));
  const others = formats.filter((f) => f !== 'csv');
  // Loaded while the report is computed, not after.
  if (formats.includes('html') || formats.includes('assets')) htmlRenderer().catch(() => {});
  if (formats.includes('assets')) assetsRenderer().catch(() => {});
  const rendered = report.then((r) => renderFormats(r, judgments, others));
  rendered.catch(() => {});
  const later = (content: Promise<FileContent | FileGroup>) => {
    // Awaited by the writer in turn; a failure must not count as unhandled before then.
    content.catch(() => {});
    return content;
  };
  for (const format of others) {
    if (format === 'assets') files.set(ASSETS_DIR, later(rendered.then(assetsGroup)));
    else files.set(FILE_NAMES[format], later(rendered.then((m) => m.get(FILE_NAMES[format]) as FileContent)));
  }
  return files;
}

/** The files under assets/ of rendered formats, named within that folder. */
function assetsGroup(files: ReadonlyMap<string, FileContent>): FileGroup {
  const prefix = `${ASSETS_DIR}/`;
  return new Map([...files].filter(([name]) => name.startsWith(prefix)).map(([name, content]) => [name.slice(prefix.length), content]));
}

/**
 * The judgments, asked for only by the judgments CSV: a large import's judgments are made as
 * objects only when that file is wanted.
 */
export type JudgmentsOnDemand = () => readonly Judgment[];

function csvContent(judgments: JudgmentsOnDemand): FileContent {
  return { chunks: () => judgmentsCsvBytes(judgments()) };
}

/**
 * The HTML renderer is loaded only when HTML is asked for: its charts (vega) take longer to load
 * than the rest of the command's code together (~0.45 s of a ~0.5 s start).
 */
function htmlRenderer(): Promise<typeof import('./html.ts')> {
  return import('./html.ts');
}

/** The PNG renderer (a native module and its fonts) is loaded only when the assets are asked for. */
function assetsRenderer(): Promise<typeof import('./assets.ts')> {
  return import('./assets.ts');
}

/**
 * The formats' files by name; the chart files of `assets` as assets/<chart>.svg and .png. The
 * charts are rendered once for both the HTML and the assets.
 */
export async function renderFormats(report: Report, judgments: JudgmentsOnDemand, formats: readonly ReportFormat[]): Promise<Map<string, FileContent>> {
  const files = new Map<string, FileContent>();
  let charts: Promise<ReportCharts> | undefined;
  const renderedCharts = async () => (charts ??= (await htmlRenderer()).renderCharts(report));
  for (const format of formats) {
    switch (format) {
      case 'html':
        files.set(FILE_NAMES.html, await (await htmlRenderer()).renderHtml(report, renderedCharts()));
        break;
      case 'assets':
        for (const [name, content] of await (await assetsRenderer()).chartAssets(await renderedCharts())) files.set(`${ASSETS_DIR}/${name}`, content);
        break;
      case 'md':
        files.set(FILE_NAMES.md, renderMarkdown(report));
        break;
      case 'json':
        files.set(FILE_NAMES.json, renderJson(report));
        break;
      case 'csv':
        files.set(FILE_NAMES.csv, csvContent(judgments));
        break;
    }
  }
  return files;
}
