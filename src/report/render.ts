// All report formats rendered, by file name: the reports as text, the judgments CSV as chunks made
// when it is written or sent.
import { judgmentsCsvBytes } from '../judgments/exportCsv.ts';
import type { Judgment } from '../judgments/record.ts';
import type { FileContent } from './fileContent.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import type { Report } from './types.ts';

export const REPORT_FORMATS = ['html', 'md', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const FILE_NAMES: Record<ReportFormat, string> = {
  html: 'report.html',
  md: 'report.md',
  json: 'report.json',
  csv: 'judgments.csv',
};

/**
 * The files of the formats, for writeAll: the judgments CSV first, since it needs only the
 * judgments and can be written while the report is still being computed (its bootstraps
 * run in a worker thread); the others once `report` is ready.
 */
export function reportFiles(
  report: Promise<Report>,
  judgments: JudgmentsOnDemand,
  formats: readonly ReportFormat[],
): Map<string, FileContent | Promise<FileContent>> {
  const files = new Map<string, FileContent | Promise<FileContent>>();
  if (formats.includes('csv')) files.set(FILE_NAMES.csv, csvContent(judgments));
  const others = formats.filter((f) => f !== 'csv');
  // Loaded while the report is computed, not after.
  if (formats.includes('html')) htmlRenderer().catch(() => {});
  const rendered = report.then((r) => renderFormats(r, judgments, others));
  rendered.catch(() => {});
  for (const format of others) {
    const content = rendered.then((m) => m.get(FILE_NAMES[format]) as FileContent);
    // Awaited by the writer in turn; a failure must not count as unhandled before then.
    content.catch(() => {});
    files.set(FILE_NAMES[format], content);
  }
  return files;
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

export async function renderFormats(report: Report, judgments: JudgmentsOnDemand, formats: readonly ReportFormat[]): Promise<Map<string, FileContent>> {
  const files = new Map<string, FileContent>();
  for (const format of formats) {
    switch (format) {
      case 'html':
        files.set(FILE_NAMES.html, await (await htmlRenderer()).renderHtml(report));
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
