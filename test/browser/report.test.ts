// Opens a real report.html in Chromium: the charts are rendered SVG with axis titles and no
// overlapping text, and the page needs no network. Saves a screenshot to test-output/.
// (report-layout.test.ts checks phone and laptop widths on a report it makes itself.)
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runReport } from '../../src/commands/report.ts';
import { REPO_ROOT, describeWithSharedData, sharedData } from '../support/shared.ts';
import { BROWSER_ARGS, chartLayouts, pageWidths } from './pageLayout.ts';

let dir: string;
let browser: Browser | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prefstudy-browser-'));
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describeWithSharedData('report.html in Chromium', () => {
  it('shows the charts as SVG with axis titles, without any network request', async () => {
    const out = join(dir, 'tulu');
    await runReport(
      [sharedData('tulu1_human_eval/eval_annotations_tulu_1.json')],
      { format: 'html', out, results: 'results', cluster: 'prompt', ties: 'half', method: 'percentile', resamples: '500', seed: '1' },
      false,
    );
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: BROWSER_ARGS });
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(join(out, 'report.html')).href);
    await expect(page.locator('#headline').textContent()).resolves.toMatch(/ranks first/);

    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: f.id,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: svg ? svg.querySelectorAll('path, rect, line, circle').length : 0,
          axisTitles: svg ? Array.from(svg.querySelectorAll('.role-axis-title text'), (t) => t.textContent ?? '') : [],
        };
      }),
    );
    expect(charts.map((c) => c.id).sort()).toEqual(['chart-forest', 'chart-heatmap', 'chart-length', 'chart-position', 'chart-ratings']);
    for (const chart of charts) {
      expect(chart.width, chart.id).toBeGreaterThan(100);
      expect(chart.height, chart.id).toBeGreaterThan(50);
      expect(chart.marks, chart.id).toBeGreaterThan(5);
      expect(chart.axisTitles.length, chart.id).toBeGreaterThanOrEqual(2);
      for (const title of chart.axisTitles) expect(title.trim().length, chart.id).toBeGreaterThan(0);
    }
    for (const layout of await chartLayouts(page)) expect(layout.overlaps, layout.id).toEqual([]);
    const { scrollWidth, innerWidth } = await pageWidths(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    const forest = charts.find((c) => c.id === 'chart-forest');
    expect(forest?.axisTitles.join(' ')).toMatch(/Win rate/);
    expect(requests).toEqual([]);
    await expect(page.locator('#pairs table').textContent()).resolves.toContain('chatgpt vs tulu_65B');

    await mkdir(join(REPO_ROOT, 'test-output'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-output', 'report.png'), fullPage: true });
  });
});
