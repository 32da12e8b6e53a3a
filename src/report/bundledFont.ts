// The font the charts are laid out and drawn with: DejaVu Sans from the dejavu-fonts-ttf package,
// so the layout (fontMetrics.ts) and the PNGs (assets.ts) are the same on every machine.
import { createRequire } from 'node:module';

export const BUNDLED_FAMILY = 'DejaVu Sans';

const resolve = createRequire(import.meta.url).resolve;

export const BUNDLED_FONT_FILES = {
  regular: resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;
