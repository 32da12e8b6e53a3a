// Admin report pages (behind the admin token, mounted under /admin): per study the progress, the
// live report built from the judgments the study's store holds (whichever backend), and downloads
// of the exports. Reports are rebuilt only when the log has grown since the last one.
import { Router, type Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Judgment } from '../../judgments/record.ts';
import type { FileContent } from '../../report/fileContent.ts';
import type { FileFormat } from '../../report/render.ts';
import type { Catalog, StudyEntry } from '../catalog.ts';
import { RequestError } from '../errors.ts';
import { presentAdminOverview, progressOf } from './presenter.ts';

/** The live report is for watching a study: fewer resamples than a final report, for speed. */
const LIVE_RESAMPLES = 2_000;

/** The report page carries its own inline CSS and SVG and no script at all. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<FileFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

interface Cached {
  version: string;
  files: Promise<Map<string, FileContent>>;
}

/** The report's modules (charting included) load when an admin first asks for a report, not at start-up. */
async function reportModules() {
  const [study, model, render] = await Promise.all([
    import('../../judgments/readers/study.ts'),
    import('../../report/model.ts'),
    import('../../report/render.ts'),
  ]);
  return { storedStudyJudgments: study.storedStudyJudgments, buildReport: model.buildReport, renderFormats: render.renderFormats, FILE_NAMES: render.FILE_NAMES };
}

export function reportRouter(catalog: Catalog): Router {
  const router = Router();
  const cache = new Map<string, Cached>();

  async function reportFiles(entry: StudyEntry): Promise<Map<string, FileContent>> {
    // Judgments are only ever appended: their number tells whether the last report is still current.
    const version = String(await entry.service.judgmentCount());
    const cached = cache.get(entry.study.id);
    if (cached?.version === version) return cached.files;
    const files = (async () => {
      const judgments: Judgment[] = [];
      for await (const judgment of entry.service.judgments()) judgments.push(judgment);
      const { storedStudyJudgments, buildReport, renderFormats } = await reportModules();
      const source = storedStudyJudgments(entry.study, judgments, entry.service.location);
      const report = await buildReport({ sources: [source], settings: { seed: entry.study.seed, resamples: LIVE_RESAMPLES } });
      return renderFormats(report, () => source.judgments, ['html', 'md', 'json', 'csv']);
    })();
    cache.set(entry.study.id, { version, files });
    files.catch(() => cache.delete(entry.study.id));
    return files;
  }

  function entryOf(id: string): StudyEntry {
    const entry = catalog.get(id);
    if (!entry) throw new RequestError('not-found', 'No such study.');
    return entry;
  }

  // The overview at /admin already links every report; this older address stays valid.
  router.get('/reports', (_req, res) => res.redirect(303, '/admin'));

  router.get('/studies/:id/progress', async (req, res) => {
    const entry = entryOf(req.params.id);
    res.json(presentAdminOverview(await progressOf([entry])).studies[0]);
  });

  const send = async (res: Response, id: string, format: FileFormat, download: boolean) => {
    const files = await reportFiles(entryOf(id));
    const name = (await reportModules()).FILE_NAMES[format];
    res.type(CONTENT_TYPES[format]);
    if (format === 'html') res.set('Content-Security-Policy', REPORT_CSP);
    if (download) res.attachment(`${id}-${name}`);
    const content = files.get(name) ?? '';
    // The CSV is streamed as it is made (with back-pressure) rather than built whole first.
    if (typeof content === 'string') res.send(content);
    else await pipeline(Readable.from(content.chunks()), res);
  };

  router.get('/studies/:id/report', (req, res) => send(res, req.params.id, 'html', false));
  router.get('/studies/:id/report.html', (req, res) => send(res, req.params.id, 'html', true));
  router.get('/studies/:id/report.json', (req, res) => send(res, req.params.id, 'json', true));
  router.get('/studies/:id/report.md', (req, res) => send(res, req.params.id, 'md', true));
  router.get('/studies/:id/judgments.csv', (req, res) => send(res, req.params.id, 'csv', true));
  return router;
}
