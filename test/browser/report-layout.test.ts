// report.html at a phone's width (390 px) and a laptop's (1366 px), in Chromium, on a report of
// four systems, one with a long id: the page never scrolls sideways (wide tables scroll in their
// own box), every chart fits the viewport, no two texts of a chart's axes and legends overlap,
// and the length chart gives each pair its own axis of its own buckets, in order.
// Screenshots go to test-output/.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/commands/report.ts';
import type { BucketEntry } from '../../src/report/types.ts';
import { REPO_ROOT } from '../support/shared.ts';
import { LONG_SYSTEM, writeSyntheticStudy } from '../support/syntheticStudy.ts';
import { BROWSER_ARGS, chartLayouts, pageWidths } from './pageLayout.ts';

const CHARTS = ['chart-forest', 'chart-heatmap', 'chart-length', 'chart-position', 'chart-ratings'];

let dir: string;
let report: string;
let buckets: BucketEntry[];
let browser: Browser;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prefstudy-layout-'));
  const study = await writeSyntheticStudy(dir);
  const out = join(dir, 'out');
  await runReport(
    [study.studyDir],
    { format: 'html,json', out, results: study.resultsDir, cluster: 'prompt', ties: 'half', method: 'percentile', resamples: '200', seed: '1', quiet: true },
    false,
  );
  report = pathToFileURL(join(out, 'report.html')).href;
  buckets = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')).lengthBuckets;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: BROWSER_ARGS });
  await mkdir(join(REPO_ROOT, 'test-output'), { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each([390, 1366])('report.html at %i px', (width) => {
  it('does not scroll sideways, and every chart fits with no overlapping text', async () => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    try {
      await page.goto(report);
      // The long id is in the page (and so had to be wrapped or scrolled somewhere).
      await expect(page.locator('#pairs').textContent()).resolves.toContain(LONG_SYSTEM);
      const { scrollWidth, innerWidth } = await pageWidths(page);
      expect(scrollWidth, 'page width').toBeLessThanOrEqual(innerWidth);

      const charts = await chartLayouts(page);
      expect(charts.map((c) => c.id).sort()).toEqual(CHARTS);
      for (const chart of charts) {
        expect(chart.left, chart.id).toBeGreaterThanOrEqual(0);
        expect(chart.right, chart.id).toBeLessThanOrEqual(innerWidth);
        expect(chart.texts, chart.id).toBeGreaterThan(5);
        expect(chart.overlaps, chart.id).toEqual([]);
        expect(chart.smallestFont, chart.id).toBeGreaterThanOrEqual(12);
      }
      await page.screenshot({ path: join(REPO_ROOT, 'test-output', `report-layout-${width}.png`), fullPage: true });
    } finally {
      await page.close();
    }
  });
});

describe('the length-difference chart', () => {
  it("gives each pair its own x axis with that pair's buckets, in order of length", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    try {
      await page.goto(report);
      const axes = await page.$$eval('#chart-length .role-axis[aria-label^="X-axis"]', (groups) =>
        groups.map((g) => Array.from(g.querySelectorAll('.role-axis-label text'), (t) => (t.textContent ?? '').trim())),
      );
      const pairs = [...new Set(buckets.map((b) => `${b.a} vs ${b.b}`))];
      expect(pairs.length).toBe(3);
      expect(axes).toEqual(pairs.map((pair) => buckets.filter((b) => `${b.a} vs ${b.b}` === pair).map((b) => b.bucket)));
      for (const pair of pairs) {
        const lows = buckets.filter((b) => `${b.a} vs ${b.b}` === pair).map((b) => b.low ?? -Infinity);
        expect(lows).toEqual([...lows].sort((x, y) => x - y));
      }
    } finally {
      await page.close();
    }
  });
});
