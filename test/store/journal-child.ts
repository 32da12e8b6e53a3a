// Child process for the rater journal's kill -9 test: puts leases (and now and then a rater) from
// 20 concurrent writers forever and prints `ack <task>` for each lease whose put resolved.
// Task `<prefix>-<n>` (position n + 1) belongs to rater `r<n % raters>`, except every 7th
// (n % 7 === 3), which is the only lease of rater `u-<task>`: a lost line of it cannot hide
// behind a later one. Puts are issued in the order of n, so of two leases of one rater the one
// with the larger n is the newer. `pad` characters of padding per lease make the journal pass its
// 4 MiB compaction threshold quickly; `compacting` is printed after an acknowledgment that found
// the compaction's temporary file present, so the parent can kill while a compaction is running.
import { existsSync } from 'node:fs';
import { openRaterJournal } from '../../src/store/embedded/rater-journal.ts';

const [file, prefix, ratersArg, padArg] = process.argv.slice(2);
const raters = Number(ratersArg);
const pad = 'x'.repeat(Number(padArg));
const journal = await openRaterJournal(file, { warn: (message) => process.stdout.write(`warn ${message}\n`) });
process.stdout.write(`open ${journal.saved().raters.length} ${journal.saved().leases.length}\n`);
const expiresAt = Date.now() + 3_600_000;
let n = 0;
async function writer(): Promise<never> {
  for (;;) {
    const i = n++;
    const task = `${prefix}-${i}`;
    const rater = i % 7 === 3 ? `u-${task}` : `r${i % raters}`;
    if (i < raters || i % 7 === 0) void journal.putRater({ id: `r${i % raters}`, createdAt: new Date(0).toISOString(), consentedAt: task });
    await journal.putLease({ task, rater, item: `item-${pad}`, left: 'a', right: 'b', position: i + 1, shownAt: new Date().toISOString(), expiresAt });
    process.stdout.write(`ack ${task}\n`);
    if (existsSync(`${file}.compacting`)) process.stdout.write('compacting\n');
  }
}
await Promise.all(Array.from({ length: 20 }, writer));
