// Real public data lives in ../shared/data beside the checkout (see its PROVENANCE.md files).
// Tests that need it skip with a visible message when it is absent, but never under CI=true.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { describe } from 'vitest';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED_DATA = process.env.PREFSTUDY_SHARED_DATA ?? resolve(REPO_ROOT, '../shared/data');
export const hasSharedData = existsSync(SHARED_DATA);

/** Path of a file under ../shared/data. */
export function sharedData(...parts: string[]): string {
  return resolve(SHARED_DATA, ...parts);
}

/** `describe` for suites that read ../shared/data. */
export function describeWithSharedData(name: string, fn: () => void): void {
  if (!hasSharedData) {
    if (process.env.CI === 'true') {
      throw new Error(`${SHARED_DATA} is missing; CI must run with ../shared beside the checkout`);
    }
    console.warn(`SKIPPED "${name}": ${SHARED_DATA} not found (tests on real data need ../shared)`);
  }
  describe.skipIf(!hasSharedData)(name, fn);
}
