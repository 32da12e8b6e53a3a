// Rendering Vega-Lite specs to SVG on the server (no browser, no network), so the HTML report
// needs no script to show its charts.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { BUNDLED_FONT_FILES } from './bundledFont.ts';
import { loadFontMetrics } from './fontMetrics.ts';

/** The part of vega's text measurement that it lets a program replace (vega's typings leave it out). */
interface TextMetrics {
  width: (item: { fontSize?: number | string; fontWeight?: number | string }, text: unknown) => number;
}
const { textMetrics } = vega as unknown as { textMetrics: TextMetrics };

/**
 * Text is measured in the charts' font (DejaVu Sans, see chartStyle.ts) rather than estimated:
 * vega has no canvas here and would guess 0.8 em per character. vega keeps this setting for the
 * whole process; only the report draws charts.
 */
function measureInBundledFont(): void {
  const regular = loadFontMetrics(BUNDLED_FONT_FILES.regular);
  const bold = loadFontMetrics(BUNDLED_FONT_FILES.bold);
  textMetrics.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const weight = item.fontWeight;
    const isBold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600);
    const line = text == null ? '' : String(text).trim();
    return (isBold ? bold : regular).width(line, size);
  };
}
measureInBundledFont();

/** The chart as SVG; `name` prefixes its internal ids, which must be unique across a page's charts. */
export async function renderSvg(spec: TopLevelSpec, name: string): Promise<string> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return scopeIds(await view.toSVG(), name);
  } finally {
    view.finalize();
  }
}

/**
 * Vega numbers gradient and clip ids with counters shared by the whole process, so a report's bytes
 * would depend on how many charts were drawn before it (in a server, or a second report). The ids
 * are renumbered per chart, under the chart's name.
 */
export function scopeIds(svg: string, name: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/(id="|url\(#)(gradient_\d+|clip\d+)/g, (_, before: string, id: string) => {
    let scoped = ids.get(id);
    if (scoped === undefined) {
      scoped = `${name}-def${ids.size}`;
      ids.set(id, scoped);
    }
    return before + scoped;
  });
}
