// What `prefstudy report` prints when it is done: the answer first (headline, each pair's win rate
// with its interval), then what was read and used, then the files. An analyst sees the result and
// any rows that were dropped without opening a file.
import { relative } from 'node:path';
import { interval, pct } from './format.ts';
import type { Report } from './types.ts';

/** More pairs than this are left to the files (an arena log can have hundreds). */
const PAIRS_SHOWN = 12;

const count = (n: number) => n.toLocaleString('en-US');

export function terminalSummary(report: Report, written: readonly string[], cwd = process.cwd()): string {
  const level = Math.round(report.settings.level * 100);
  const lines = [report.title, report.headline, ...report.judges.map((judge) => `LLM judge — ${judge.headline}`), ''];

  if (report.pairs.length > 0) {
    lines.push(`Win rate of the first system (ties ${report.settings.tiePolicy === 'half' ? 'count half' : 'left out'}), ${level}% interval:`);
    const shown = [...report.pairs].sort((x, y) => y.n - x.n).slice(0, PAIRS_SHOWN);
    const names = shown.map((p) => `${p.a} vs ${p.b}`);
    const width = Math.max(...names.map((name) => name.length));
    shown.forEach((p, k) => lines.push(`  ${names[k].padEnd(width)}  ${pct(p.winRate).padStart(6)} ${interval(p.winRateCI).padEnd(14)} n = ${count(p.n)}`));
    if (report.pairs.length > shown.length) lines.push(`  … and ${report.pairs.length - shown.length} more pairs in the report`);
    lines.push('');
  }

  for (const source of report.provenance.sources) {
    const reasons = Object.entries(source.dropReasons).map(([why, n]) => `${why}: ${count(n)}`);
    lines.push(
      `${source.file}: ${count(source.read)} rows read, ${count(source.used)} used, ${count(source.dropped)} dropped${reasons.length ? ` (${reasons.join('; ')})` : ''}`,
    );
  }
  const excluded = Object.entries(report.provenance.excluded).filter(([, n]) => n > 0);
  const left = excluded.length ? `; left out: ${excluded.map(([why, n]) => `${why} ${count(n)}`).join(', ')}` : '';
  lines.push(`${count(report.n)} judgments in the win rates${left}`, '');

  lines.push('Wrote:', ...written.map((file) => `  ${shortPath(file, cwd)}`));
  return lines.join('\n');
}

/** A path under the working directory as a relative one: shorter, and what the user would type. */
function shortPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}
