// The report's charts as files for papers and slides (`--format assets`): assets/<chart>.svg, the
// same SVG the HTML shows, and assets/<chart>.png at twice its size. The PNG is drawn by resvg
// with the bundled DejaVu Sans (bundledFont.ts) and no system font, so the same report gives the
// same PNG bytes on any machine.
import { renderAsync } from '@resvg/resvg-js';
import { BUNDLED_FAMILY, BUNDLED_FONT_FILES } from './bundledFont.ts';
import type { FileContent, FileGroup } from './fileContent.ts';
import type { ReportCharts } from './html.ts';

/** PNG pixels per SVG pixel: sharp on slides and at print sizes. */
export const PNG_SCALE = 2;

/** The chart's PNG: `svg` drawn at PNG_SCALE with the bundled font only. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: {
      loadSystemFonts: false,
      fontFiles: [BUNDLED_FONT_FILES.regular, BUNDLED_FONT_FILES.bold],
      defaultFontFamily: BUNDLED_FAMILY,
      sansSerifFamily: BUNDLED_FAMILY,
    },
    logLevel: 'off',
  });
  return image.asPng();
}

/** <chart>.svg and .png for every chart the report shows (an empty chart is not shown), for assets/. */
export async function chartAssets(charts: ReportCharts): Promise<FileGroup> {
  const shown = Object.entries(charts).filter(([, svg]) => svg !== '');
  const pngs = await Promise.all(shown.map(([, svg]) => svgToPng(svg)));
  const files = new Map<string, FileContent>();
  shown.forEach(([name, svg], i) => {
    const png = pngs[i];
    files.set(`${name}.svg`, svg);
    files.set(`${name}.png`, { chunks: () => [png] });
  });
  return files;
}
