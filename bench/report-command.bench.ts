// `prefstudy report` on 1,000,000 Chatbot Arena battles among 20 systems, timed as the user waits
// for it: the whole command as a process (start-up, reading, the model, writing), on the log as
// CSV and as JSON lines, for `--format json` and for every format; median of 3 (goal: CSV, JSON
// only, under 3 s). Beside it, the same report made in this process from the log already read,
// which is all the in-process bench (report.bench.ts) times. Asserts nothing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsFresh } from '../scripts/source-stamp.mjs';
import { readJudgments } from '../src/judgments/read.ts';
import { buildReport } from '../src/report/model.ts';
import { renderJson } from '../src/report/json.ts';
import { median } from '../src/stats/quantile.ts';
import { arenaCsv, arenaJsonLines } from './arenaBattles.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHAPE = { battles: 1_000_000, systems: 20 };
const GOAL_SECONDS = 3;
const RUNS = Number(process.env.REPORT_BENCH_RUNS ?? 3);
const PHASES = ['start-up', 'read', 'model', 'write'] as const;

interface CommandRun {
  seconds: number;
  /** As the command's --timings prints them. */
  phases: Record<string, number>;
  reportHash: string;
}

function runCommand(log: string, out: string, format: string): CommandRun {
  const args = ['bin/prefstudy.js', 'report', log, '--from', 'arena', '--format', format, '--resamples', '1000', '--seed', '1'];
  const started = performance.now();
  const child = spawnSync(process.execPath, [...args, '--out', out, '--timings', '--generated-at', '2024-01-01T00:00:00Z'], { cwd: ROOT, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`prefstudy report failed (${child.status}): ${child.stderr}`);
  const phases: Record<string, number> = {};
  for (const [, name, value] of child.stderr.matchAll(/([a-z-]+) ([\d.]+) s/g)) phases[name] = Number(value);
  const reportHash = createHash('sha256').update(readFileSync(join(out, 'report.json'))).digest('hex').slice(0, 12);
  return { seconds, phases, reportHash };
}

function phaseLine(runs: CommandRun[]): string {
  return PHASES.map((name) => `${name} ${median(runs.map((r) => r.phases[name] ?? NaN)).toFixed(2)}`).join(', ');
}

async function inProcess(log: string): Promise<number> {
  const started = performance.now();
  const source = await readJudgments(log, { from: 'arena' });
  const read = performance.now();
  const report = await buildReport({ sources: [source], settings: { seed: 1, resamples: 1000 }, generatedAt: '2024-01-01T00:00:00Z' });
  renderJson(report);
  const done = performance.now();
  console.log(`  in this process: read ${((read - started) / 1000).toFixed(2)} s, model and report.json ${((done - read) / 1000).toFixed(2)} s`);
  return (done - read) / 1000;
}

export default async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'prefstudy-command-bench-'));
  try {
    // The command runs dist/ when it is fresh, else the sources through tsx (a slower start).
    console.log(`code run by the command: ${distIsFresh(ROOT) ? 'dist/ (compiled)' : 'src/ through tsx (dist/ is stale: run `npm run build` for the real figure)'}`);
    const logs = { csv: join(dir, 'battles.csv'), jsonl: join(dir, 'battles.jsonl') };
    writeFileSync(logs.csv, arenaCsv(SHAPE));
    writeFileSync(logs.jsonl, arenaJsonLines(SHAPE));
    const size = (file: string) => `${(readFileSync(file).length / 1e6).toFixed(0)} MB`;
    console.log(`${SHAPE.battles.toLocaleString('en')} battles among ${SHAPE.systems} systems (model_a, model_b, winner): CSV ${size(logs.csv)}, JSON lines ${size(logs.jsonl)}; 1000 resamples; median of ${RUNS}`);
    for (const [kind, log] of Object.entries(logs)) {
      for (const format of ['json', 'html,md,json,csv']) {
        const runs: CommandRun[] = [];
        for (let r = 0; r < RUNS; r++) runs.push(runCommand(log, join(dir, `out-${kind}-${r}`), format));
        const seconds = runs.map((r) => r.seconds);
        const identical = runs.every((r) => r.reportHash === runs[0].reportHash);
        const goal = kind === 'csv' && format === 'json' ? ` = ${(median(seconds) / GOAL_SECONDS).toFixed(2)} × the ${GOAL_SECONDS} s goal` : '';
        console.log(
          `${kind.padEnd(5)} --format ${format.padEnd(16)} whole command median ${median(seconds).toFixed(2)} s${goal} ` +
            `(${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)} s; load average ${loadavg()[0].toFixed(2)})`,
        );
        console.log(`  phases (median s): ${phaseLine(runs)}; report.json ${identical ? 'byte-identical' : 'DIFFERS'} across runs (sha256 ${runs[0].reportHash})`);
        if (format === 'json') {
          const model = await inProcess(log);
          console.log(`  the whole command takes ${(median(seconds) / model).toFixed(1)} × the in-process model`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
