// All report formats rendered, by file name: the reports as text, the judgments CSV as chunks made
// when it is written or sent.
import { judgmentsCsvBytes } from '../judgments/exportCsv.ts';
import type { Judgment } from '../judgments/record.ts';
import type { FileContent } from './fileContent.ts';
import { renderHtml } from './html.ts';
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

export async function renderFormats(report: Report, judgments: readonly Judgment[], formats: readonly ReportFormat[]): Promise<Map<string, FileContent>> {
  const files = new Map<string, FileContent>();
  for (const format of formats) {
    switch (format) {
      case 'html':
        files.set(FILE_NAMES.html, await renderHtml(report));
        break;
      case 'md':
        files.set(FILE_NAMES.md, renderMarkdown(report));
        break;
      case 'json':
        files.set(FILE_NAMES.json, renderJson(report));
        break;
      case 'csv':
        files.set(FILE_NAMES.csv, { chunks: () => judgmentsCsvBytes(judgments) });
        break;
    }
  }
  return files;
}
