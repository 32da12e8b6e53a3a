// The chart specs, drawn to SVG as the report draws them: what an analyst would check on paper.
import { describe, expect, it } from 'vitest';
import { forestPlot, intervalChart, lengthPlot, pairLabel } from './charts.ts';
import { renderSvg } from './svg.ts';
import type { BucketEntry, PairEntry } from './types.ts';

function bucket(a: string, b: string, low: number | null, high: number | null, winRate: number): BucketEntry {
  const label = low === null ? `< ${high}` : high === null ? `≥ ${low}` : `${low} to ${high}`;
  return { a, b, bucket: label, low, high, n: 10, winRate, winRateCI: [winRate - 0.1, winRate + 0.1] };
}

/** The texts of each axis group whose aria-label starts with `axis`, axis by axis, in document order. */
function axisLabels(svg: string, axis: 'X-axis' | 'Y-axis'): string[][] {
  const groups = svg.split(/<g class="mark-group role-axis"/).slice(1).filter((g) => g.includes(`aria-label="${axis}`));
  return groups.map((g) => {
    const labels = g.slice(g.indexOf('role-axis-label'), g.indexOf('role-axis-title'));
    return [...labels.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace('&lt;', '<'));
  });
}

function svgHeight(svg: string): number {
  return Number(/height="(\d+)"/.exec(svg)?.[1]);
}

describe('lengthPlot', () => {
  it("gives each pair its own x axis of its own buckets, in order of length whatever the input's order", async () => {
    const first = [bucket('m', 'base', null, -50, 0.3), bucket('m', 'base', -50, 40, 0.5), bucket('m', 'base', 40, null, 0.7)];
    const second = [bucket('n', 'base', null, -300, 0.2), bucket('n', 'base', -300, 0, 0.4), bucket('n', 'base', 0, 210, 0.6), bucket('n', 'base', 210, null, 0.8)];
    const shuffled = [first[2], second[1], first[0], second[3], second[0], first[1], second[2]];
    const svg = await renderSvg(lengthPlot(shuffled), 'length');
    expect(axisLabels(svg, 'X-axis')).toEqual([first.map((b) => b.bucket), second.map((b) => b.bucket)]);
    // Win rates in percent, on every pair's chart.
    for (const labels of axisLabels(svg, 'Y-axis')) expect(labels).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
  });
});

describe('intervalChart and forestPlot', () => {
  const pair = (a: string, b: string, winRate: number): PairEntry =>
    ({ a, b, n: 50, winRate, winRateCI: [winRate - 0.1, winRate + 0.1] }) as PairEntry;

  it('puts shares on a % axis', async () => {
    const svg = await renderSvg(intervalChart([{ label: 'a vs b', value: 0.6, low: 0.5, high: 0.7 }], 'Share', 'Pair'), 'position');
    expect(axisLabels(svg, 'X-axis')).toEqual([['0%', '20%', '40%', '60%', '80%', '100%']]);
  });

  it('is short for a single pair and grows with the pairs', async () => {
    const one = svgHeight(await renderSvg(forestPlot([pair('a', 'b', 0.6)]), 'forest'));
    const three = svgHeight(await renderSvg(forestPlot([pair('a', 'b', 0.6), pair('c', 'b', 0.4), pair('d', 'b', 0.5)]), 'forest'));
    expect(one).toBeLessThan(130);
    expect(three).toBeGreaterThan(one);
  });

  it('shows a long name whole, on several lines', async () => {
    const long = 'meta-llama/Llama-3.1-70B-Instruct:temperature-0.7-top-p-0.95';
    const svg = await renderSvg(forestPlot([pair(long, 'gpt-4', 0.6)]), 'forest');
    const lines = pairLabel(long, 'gpt-4').split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(svg).toContain(`>${line}</tspan>`);
    expect(svg).not.toContain('…');
  });
});
