#!/usr/bin/env node
// Runs the compiled CLI (dist/, made by `npm run build`, which `npm install` runs) when it was built
// from the sources as they are now; otherwise the TypeScript sources through tsx, so an edit to src/
// never runs stale code (it only starts slower until the next build). scripts/source-stamp.mjs says
// how freshness is told (a stat of each source file: about 5 ms of a ~0.7 s start).
import { fileURLToPath } from 'node:url';
import { distIsFresh } from '../scripts/source-stamp.mjs';

if (distIsFresh(fileURLToPath(new URL('..', import.meta.url)))) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
