// Measurements of a report page in a real browser, for the layout tests: does the page fit its
// viewport, and do any two texts of a chart's axes and legends overlap.
import type { Page } from 'playwright-core';

export const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** The texts whose collisions make a chart unreadable: tick labels, axis titles, legend labels and titles. */
const CHART_TEXT = ['.role-axis-label', '.role-axis-title', '.role-legend-label', '.role-legend-title'].map((role) => `${role} text`).join(', ');

export interface ChartLayout {
  id: string;
  /** The chart's box on the page, in CSS px. */
  left: number;
  right: number;
  width: number;
  /** Pairs of visible texts whose boxes overlap by more than the tolerance, both ways. */
  overlaps: Array<[string, string]>;
  /** How many texts were compared. */
  texts: number;
  /** The smallest font-size of those texts, as drawn in the SVG (before the page scales it). */
  smallestFont: number;
}

/** Every chart of the page: where it is, and which of its texts overlap (boxes may touch: `tolerance` px). */
export async function chartLayouts(page: Page, tolerance = 0.5): Promise<ChartLayout[]> {
  return page.$$eval(
    'figure.chart',
    (figures, [selector, tol]) =>
      figures.flatMap((figure) => {
        const svg = figure.querySelector('svg');
        if (!svg) return [];
        const box = svg.getBoundingClientRect();
        // Labels vega hides as overlapping are drawn with opacity 0: nobody sees them.
        const visible = Array.from(svg.querySelectorAll<SVGTextElement>(selector)).filter(
          (t) => (t.textContent ?? '').trim() !== '' && t.getAttribute('opacity') !== '0' && getComputedStyle(t).opacity !== '0',
        );
        const boxes = visible.map((t) => ({ text: (t.textContent ?? '').trim(), rect: t.getBoundingClientRect() }));
        const overlaps: Array<[string, string]> = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].rect;
            const b = boxes[j].rect;
            const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (across > Number(tol) && down > Number(tol)) overlaps.push([boxes[i].text, boxes[j].text]);
          }
        }
        const sizes = visible.map((t) => parseFloat(t.getAttribute('font-size') ?? '0'));
        return [{ id: figure.id, left: box.left, right: box.right, width: box.width, overlaps, texts: boxes.length, smallestFont: Math.min(...sizes) }];
      }),
    [CHART_TEXT, tolerance] as const,
  );
}

/** How wide the page's content is against its viewport: wider means the page scrolls sideways. */
export async function pageWidths(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}
