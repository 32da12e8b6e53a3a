// Rendering Vega-Lite specs to SVG on the server (no browser, no network), so the HTML report
// needs no script to show its charts.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

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
