// What dist/ was built from, so bin/prefstudy.js never runs compiled code older than the sources.
// The stamp lists every input of the build (each file under src/ except tests, and the two
// tsconfigs) with its size and modification time in nanoseconds. The build writes it into dist/
// last, from a listing taken before compiling; the CLI lists the sources again at start (a stat of
// each of ~160 files: about 5 ms in a fresh process, where reading and hashing them all would take
// about 12 ms) and runs dist/ only when both listings are equal. So an edit, a new, deleted or
// renamed file, or a checkout makes dist/ stale until `npm run build`; so does an edit during the
// build. (Only an edit that keeps a file's size and sets its mtime back would go unseen.)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP_FILE = '.source-stamp';

/** The build's inputs under `root`, one line each: path, size, mtime (ns). */
export function sourceListing(root) {
  const lines = [];
  const walk = (rel) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.test.ts')) lines.push(line(root, path));
    }
  };
  walk('src');
  lines.push(line(root, 'tsconfig.json'), line(root, 'tsconfig.build.json'));
  return lines.sort().join('\n') + '\n';
}

function line(root, path) {
  const { size, mtimeNs } = statSync(join(root, path), { bigint: true });
  return `${path} ${size} ${mtimeNs}`;
}

/** Whether `root`/dist was built from the sources as they are now. */
export function distIsFresh(root) {
  let stamp;
  try {
    stamp = readFileSync(join(root, 'dist', STAMP_FILE), 'utf8');
  } catch {
    return false; // never built, or a build that did not finish
  }
  try {
    return stamp === sourceListing(root);
  } catch {
    return false; // a file vanished while being listed: the sources are changing
  }
}
