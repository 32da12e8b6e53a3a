// `prefstudy report --format assets`: every chart of the HTML as assets/<chart>.svg and a PNG at
// twice its size, the same bytes on every run; and the default formats write no assets/.
import { Resvg } from '@resvg/resvg-js';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand, runReport, type ReportOptions } from '../../src/commands/report.ts';
import { PNG_SCALE } from '../../src/report/assets.ts';
import { DEFAULT_FORMATS } from '../../src/report/render.ts';
import { REPO_ROOT } from '../support/shared.ts';
import { writeSyntheticStudy, type SyntheticStudy } from '../support/syntheticStudy.ts';

const run = promisify(execFile);

const CHARTS = ['forest', 'heatmap', 'length', 'position', 'ratings'];
const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

let dir: string;
let study: SyntheticStudy;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prefstudy-assets-'));
  study = await writeSyntheticStudy(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(format: string, out: string): ReportOptions {
  return { format, out, results: study.resultsDir, cluster: 'prompt', ties: 'half', method: 'percentile', resamples: '200', seed: '3', generatedAt: '2026-01-31T12:00:00Z', quiet: true };
}

/** Width and height from a PNG's IHDR chunk (right after the signature and the chunk's length and type). */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /^<svg [^>]*width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)" viewBox="0 0 \1 \2"/.exec(svg);
  if (!match) throw new Error(`no width, height and matching viewBox in ${svg.slice(0, 200)}`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

describe('prefstudy report --format assets', () => {
  it('writes an SVG and a 2x PNG of every chart the HTML shows, the same bytes from another process', async () => {
    const [first, second] = [join(dir, 'first'), join(dir, 'second')];
    await runReport([study.studyDir], options('html,assets', first), false);
    // The second run as the analyst starts it: a fresh process, where no chart was drawn before.
    const cli = [join(REPO_ROOT, 'bin/prefstudy.js'), 'report', study.studyDir, '--results', study.resultsDir, '--out', second];
    await run(process.execPath, [...cli, '--format', 'assets', '--resamples', '200', '--seed', '3', '--generated-at', '2026-01-31T12:00:00Z', '--quiet']);
    expect(await readdir(first)).toEqual(['assets', 'report.html']);
    expect(await readdir(second)).toEqual(['assets']);
    const html = await readFile(join(first, 'report.html'), 'utf8');
    const shown = [...html.matchAll(/<figure class="chart" id="chart-(\w+)">/g)].map((m) => m[1]).sort();
    expect(shown).toEqual(CHARTS);
    expect((await readdir(join(first, 'assets'))).sort()).toEqual(CHARTS.flatMap((c) => [`${c}.png`, `${c}.svg`]));

    for (const chart of CHARTS) {
      const svg = await readFile(join(first, 'assets', `${chart}.svg`), 'utf8');
      // The SVG the HTML shows, and well-formed XML (resvg parses strictly) drawing something.
      expect(html).toContain(svg);
      const parsed = new Resvg(svg, { font: { loadSystemFonts: false } });
      const size = svgSize(svg);
      expect(parsed.width).toBe(size.width);
      expect(size.width).toBeGreaterThan(200);
      expect(size.width).toBeLessThan(1000);
      expect(svg).toContain('font-family="DejaVu Sans, system-ui, sans-serif"');

      const png = await readFile(join(first, 'assets', `${chart}.png`));
      expect([...png.subarray(0, 8)], chart).toEqual(PNG_SIGNATURE);
      expect(pngSize(png), chart).toEqual({ width: size.width * PNG_SCALE, height: size.height * PNG_SCALE });

      for (const file of [`${chart}.svg`, `${chart}.png`]) {
        expect((await readFile(join(second, 'assets', file))).equals(await readFile(join(first, 'assets', file))), file).toBe(true);
      }
    }
  });

  it('is not among the default formats: a report by default writes no assets/', async () => {
    const format = reportCommand().options.find((o) => o.long === '--format');
    expect(format?.defaultValue).toBe('html,md,json,csv');
    expect(format?.description).toContain('assets');
    expect(DEFAULT_FORMATS).not.toContain('assets');
    const out = join(dir, 'default');
    await runReport([study.studyDir], options(String(format?.defaultValue), out), false);
    expect((await readdir(out)).sort()).toEqual(['judgments.csv', 'report.html', 'report.json', 'report.md']);
  });
});
