// `npm run build`, also run by `npm install` and `npm ci` (the `prepare` script): compiles src/ to
// dist/ so bin/prefstudy.js and the report's worker thread start without compiling TypeScript.
//
// - tsc with tsconfig.build.json: `./x.ts` imports become `./x.js`; no type check (that is
//   `npm run typecheck`), so the output is the per-file transpilation tsx would do at run time.
// - Files that code reads relative to itself and tsc does not emit (the PostgreSQL migrations) are
//   copied to the same place under dist/. views/, public/ and package.json stay where they are:
//   dist/ sits at the depth of src/, so the same relative URLs reach them.
// - dist/ is built in a fresh folder, stamped last with what it was built from
//   (scripts/source-stamp.mjs), and swapped in whole: a running prefstudy never meets a half-written
//   dist/, and the output of deleted sources does not linger.
//
// `--prepare`: a failed build warns and exits 0, so `npm install` still succeeds (e.g. without the
// devDependencies); bin/prefstudy.js then runs the sources with tsx, as whenever dist/ is stale.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP_FILE, sourceListing } from './source-stamp.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
/** Not copied: the worker's tsx loader, for the sources only (compiled, offload.js starts worker.js). */
const SOURCE_ONLY = new Set(['report/offload/worker.mjs']);

function build() {
  const started = performance.now();
  // Listed before compiling: a source edited while tsc runs leaves dist/ stale, as it should.
  const listing = sourceListing(ROOT);
  const out = join(ROOT, `dist.tmp-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  try {
    const tsc = typescriptCompiler();
    const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`tsc failed (${run.signal ?? `exit code ${run.status}`})`);
    const copied = copyAssets(join(ROOT, 'src'), out);
    writeFileSync(join(out, STAMP_FILE), listing);
    swapIn(out);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`prefstudy: built dist/ from src/ in ${seconds} s (${copied} non-TypeScript file(s) copied)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new Error('typescript is not installed (it is a devDependency)');
  }
}

/** Copies every file under `src` that is neither TypeScript nor source-only; returns how many. */
function copyAssets(src, out, rel = '') {
  let copied = 0;
  for (const entry of readdirSync(join(src, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      copied += copyAssets(src, out, path);
    } else if (!entry.name.endsWith('.ts') && !SOURCE_ONLY.has(path)) {
      mkdirSync(dirname(join(out, path)), { recursive: true });
      copyFileSync(join(src, path), join(out, path));
      copied++;
    }
  }
  return copied;
}

/** Replaces dist/ by `out` with two renames (a build finishing at the same moment may swap first). */
function swapIn(out) {
  const old = [];
  for (let attempt = 0; ; attempt++) {
    const aside = join(ROOT, `dist.old-${process.pid}-${attempt}`);
    try {
      renameSync(DIST, aside);
      old.push(aside);
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    try {
      renameSync(out, DIST);
      break;
    } catch (err) {
      if (!['ENOTEMPTY', 'EEXIST'].includes(err.code) || attempt >= 5) throw err;
    }
  }
  for (const dir of old) rmSync(dir, { recursive: true, force: true });
}

try {
  build();
} catch (err) {
  if (!process.argv.includes('--prepare')) throw err;
  console.warn(`prefstudy: dist/ was not built (${err.message}); bin/prefstudy.js runs the TypeScript sources with tsx until \`npm run build\` succeeds`);
}
