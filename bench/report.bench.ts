// The full report on 1,000,000 Chatbot Arena battles among 20 systems (goal: under 3 s on this
// machine). Prints the time of each step; asserts nothing.
import { createHash } from 'node:crypto';
import { readArena } from '../src/judgments/readers/arena.ts';
import { rngFor } from '../src/stats/random.ts';
import { buildReport } from '../src/report/model.ts';
import { renderFormats } from '../src/report/render.ts';

const BATTLES = 1_000_000;
const SYSTEMS = 20;
const PROMPTS = 5_000;
const JUDGES = 200;
const GOAL_SECONDS = 3;

/** JSON lines of battles whose outcomes follow Bradley–Terry strengths spread over 400 rating points. */
function arenaLog(): string {
  const rng = rngFor('report-bench');
  const strength = Array.from({ length: SYSTEMS }, (_, i) => 10 ** ((i * 400) / (SYSTEMS - 1) / 400));
  const names = Array.from({ length: SYSTEMS }, (_, i) => `model-${String(i).padStart(2, '0')}`);
  const lines = new Array<string>(BATTLES);
  for (let t = 0; t < BATTLES; t++) {
    const a = Math.floor(rng() * SYSTEMS);
    let b = Math.floor(rng() * (SYSTEMS - 1));
    if (b >= a) b++;
    const u = rng();
    const pa = strength[a] / (strength[a] + strength[b]);
    const winner = u < 0.1 ? 'tie' : u < 0.12 ? 'tie (bothbad)' : rng() < pa ? 'model_a' : 'model_b';
    lines[t] = JSON.stringify({
      model_a: names[a],
      model_b: names[b],
      winner,
      judge: `judge-${Math.floor(rng() * JUDGES)}`,
      question_id: `q${Math.floor(rng() * PROMPTS)}`,
      tstamp: 1_700_000_000 + t,
    });
  }
  return lines.join('\n') + '\n';
}

async function time<T>(label: string, f: () => T | Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await f();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(44)} ${seconds.toFixed(2)} s`);
  return [value, seconds];
}

export default async function main(): Promise<void> {
  const resamples = Number(process.env.REPORT_BENCH_RESAMPLES ?? 1000);
  console.log(`${BATTLES.toLocaleString('en')} battles, ${SYSTEMS} systems, ${PROMPTS} prompts, ${JUDGES} judges, ${resamples} bootstrap resamples`);
  const [log] = await time('generate the battle log (JSON lines)', arenaLog);
  const [source, read] = await time('read it (arena reader)', () => readArena('bench-battles.jsonl', log));
  const steps: Array<[string, number]> = [];
  let last = performance.now();
  let lastName = 'prepare';
  const [report, model] = await time('report model (all statistics)', () =>
    buildReport({
      sources: [source],
      settings: { seed: 1, resamples, cluster: 'prompt' },
      // Fixed so the output hashes below show whether a change moved any number.
      generatedAt: '2024-01-01T00:00:00.000Z',
      onStep: (step) => {
        const now = performance.now();
        steps.push([lastName, (now - last) / 1000]);
        last = now;
        lastName = step;
      },
    }),
  );
  steps.push([lastName, (performance.now() - last) / 1000]);
  const [files, render] = await time('render html, md, json, csv', () => renderFormats(report, source.judgments, ['html', 'md', 'json', 'csv']));
  const total = model + render;
  console.log('phases of the full report (share of the total, and of the goal):');
  for (const [name, seconds] of [...steps, ['render', render] as [string, number]]) {
    console.log(`  ${name.padEnd(20)} ${seconds.toFixed(2)} s  ${((100 * seconds) / total).toFixed(0).padStart(3)}%  ${(seconds / GOAL_SECONDS).toFixed(2)} × goal`);
  }
  console.log(`pairs ${report.pairs.length}, ratings ${report.ratings?.ratings.length ?? 0}, files ${[...files.values()].map((f) => `${(f.length / 1e6).toFixed(1)} MB`).join(' / ')}`);
  // Same seed, same data: these must not change when only speed changes.
  console.log(`sha256 ${[...files].map(([name, text]) => `${name} ${createHash('sha256').update(text).digest('hex').slice(0, 12)}`).join(', ')}`);
  console.log(`full report (model + render): ${total.toFixed(2)} s = ${(total / GOAL_SECONDS).toFixed(2)} × the ${GOAL_SECONDS} s goal; with reading: ${(total + read).toFixed(2)} s`);
}
