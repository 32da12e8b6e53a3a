// The Markdown report: the tables a paper or a pull request needs, ready to paste.
import {
  NOT_COUNTERBALANCED,
  UNBOUNDED_RATING,
  dropSentence,
  interval,
  num,
  pct,
  pValue,
  insideText,
  judgesIntro,
  rankRange,
  raterPairsText,
  ratingInterval,
  samplingText,
  unboundedNotes,
  unboundedRank,
  unexplainedUnrated,
} from './format.ts';
import type { Report, UnboundedSystem } from './types.ts';

function cell(value: string | number): string {
  return String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: string[], rows: Array<Array<string | number>>, align?: string[]): string {
  const sep = align ?? header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, sep, ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

function unboundedRow(u: UnboundedSystem): Array<string | number> {
  return [unboundedRank(u), u.system, UNBOUNDED_RATING[u.side], '—', rankRange(u.rankRange)];
}

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const level = Math.round(report.settings.level * 100);
  out.push(`# ${report.title}`, '', report.headline, '');
  // The judges' answers side by side with the people's, before any detail.
  for (const judge of report.judges) out.push(`LLM judge — ${judge.headline}`, '');

  if (report.ratings && report.systems.length > 2) {
    const r = report.ratings;
    out.push(`## Ranking`, '', `Bradley–Terry ratings (Elo scale, ${r.anchor} = 1000) with ${level}% bootstrap intervals.`, '');
    out.push(
      table(
        ['Rank', 'System', 'Rating', `${level}% CI`, 'Rank range'],
        [
          ...r.unbounded.filter((u) => u.side === 'above').map((u) => unboundedRow(u)),
          ...[...r.ratings].sort((x, y) => x.rank - y.rank || y.rating - x.rating).map((x) => [x.rank, x.system, Math.round(x.rating), ratingInterval(x.ci), rankRange(x.rankRange)]),
          ...r.unbounded.filter((u) => u.side !== 'above').map((u) => unboundedRow(u)),
        ],
        ['---:', '---', '---:', '---:', '---:'],
      ),
      '',
    );
    if (r.neighbours.length > 0) {
      out.push('Neighbours in the ranking:', '');
      for (const nb of r.neighbours) {
        const direct = nb.pairWinRate === null ? 'never compared directly' : `direct win rate ${pct(nb.pairWinRate)} ${interval(nb.pairWinRateCI)}`;
        out.push(`- ${nb.higher} over ${nb.lower}: ${nb.resolved ? '**resolved**' : 'not resolved'} (${direct}; rating intervals ${nb.ratingIntervalsOverlap ? 'overlap' : 'disjoint'})`);
      }
      out.push('');
    }
    if (r.disconnected.length > 0) out.push(`Not rated (no comparison path to ${r.anchor}): ${r.disconnected.join(', ')}.`, '');
    for (const note of unboundedNotes(r)) out.push(note, '');
    const unexplained = unexplainedUnrated(r);
    if (unexplained.length > 0) out.push(`Not rated by the fit (see the pairwise table): ${unexplained.join(', ')}.`, '');
  }

  out.push('## Pairwise win rates', '');
  out.push(
    `Win rate counts ties (and both-bad) as half; relative win rate is wins / (wins + losses). Intervals: ${level}% bootstrap (${report.settings.resamples} resamples, clustered by ${report.settings.cluster}). p-value: exact two-sided sign test.`,
    '',
  );
  out.push(
    table(
      ['Pair', 'n', `Win rate [${level}% CI]`, `Relative win rate [${level}% CI]`, 'Wins', 'Losses', 'Ties', 'Both bad', 'SE', 'p-value'],
      report.pairs.map((p) => [
        `${p.a} vs ${p.b}`, p.n, `${pct(p.winRate)} ${interval(p.winRateCI)}`, `${pct(p.relativeWinRate)} ${interval(p.relativeWinRateCI)}`,
        p.wins, p.losses, p.ties, p.bothBad, pct(p.standardError, 2), pValue(p.pValue),
      ]),
    ),
    '',
  );

  if (report.agreement) {
    const a = report.agreement;
    out.push('## Rater agreement', '', `On ${a.items} tasks (item and pair) judged by more than one rater: ${a.judgments} judgments by ${a.raters} raters. Labels: win, loss, tie, both bad.`, '');
    const rows = [{ label: 'All pairs', ...a }, ...a.byPair.map((p) => ({ label: `${p.a} vs ${p.b}`, ...p }))];
    out.push(
      table(
        ['Pair', 'Tasks', 'Judgments', 'Pairwise agreement', 'Leave-one-out', "Cohen's kappa", "Fleiss' kappa", "Krippendorff's alpha"],
        rows.map((r) => [r.label, r.items, r.judgments, pct(r.pairwisePercent), pct(r.leaveOneOut), num(r.cohenKappa, 3), num(r.fleissKappa, 3), num(r.krippendorffAlpha, 3)]),
      ),
      '',
      "Cohen's kappa compares the first two judgments of each task; leave-one-out compares each judgment with the majority of the others (AlpacaFarm).",
      '',
    );
    out.push(`### Cohen's kappa for each pair of raters`, '', raterPairsText(a), '');
    if (a.raterPairs.length > 0) {
      out.push(
        table(
          ['Rater', 'Rater', 'Shared tasks', 'Agreement', 'By chance', "Cohen's kappa"],
          a.raterPairs.map((r) => [r.a, r.b, r.tasks, pct(r.observed), pct(r.expected), num(r.kappa, 3)]),
          ['---', '---', '---:', '---:', '---:', '---:'],
        ),
        '',
      );
    }
  }

  if (report.judges.length > 0) {
    out.push('## LLM judges beside the people', '', judgesIntro(report.settings.raters), '');
    for (const judge of report.judges) {
      const { agreement: g, positionBias: b } = judge;
      out.push(`### ${judge.judge}`, '');
      out.push(
        table(
          ['Pair', `People: win rate [${level}% CI]`, 'Votes', `Judge: win rate [${level}% CI]`, 'Verdicts', "Inside the people's interval"],
          judge.pairs.map((p) => [`${p.a} vs ${p.b}`, `${pct(p.humanWinRate)} ${interval(p.humanWinRateCI)}`, p.humanN, `${pct(p.winRate)} ${interval(p.winRateCI)}`, p.n, insideText(p.insideHumanCI)]),
        ),
        '',
        `On ${g.tasks} tasks rated by the judge and by people: ${pct(g.percent)} of (verdict, vote) pairs agree; Cohen's kappa ${num(g.cohenKappa, 3)} against each task's first vote. ` +
          (g.majorityTasks > 0
            ? `Against the majority of the other people (AlpacaFarm's leave-one-out, ${g.majorityTasks} tasks with two votes or more): the judge ${pct(g.majority)}, a person ${pct(g.humanMajority)}.`
            : 'No task has two human votes, so the leave-one-out majority cannot be formed.'),
        '',
        `Position: the answer on the left won ${pct(b.leftShare)} ${interval(b.leftShareCI)} of ${b.n} decisive verdicts (p = ${pValue(b.pValue)})` +
          (b.swapTasks > 0 ? `; with the sides swapped, the same verdict on ${pct(b.swapConsistent)} of ${b.swapTasks} tasks.` : '.'),
        '',
      );
    }
  }

  if (report.positionBias) {
    const b = report.positionBias;
    out.push('## Position bias', '', `Left side chosen in ${pct(b.leftShare)} ${interval(b.leftShareCI)} of ${b.n} decisive votes (p = ${pValue(b.pValue)}).${b.counterbalanced ? '' : ` ${NOT_COUNTERBALANCED}`}`, '');
  }

  if (report.raters.length > 0) {
    out.push('## Raters', '');
    out.push(
      table(
        ['Rater', 'n', 'Left share', 'Agreement', 'Median s', 'Attention failed', 'Flags'],
        report.raters.map((r) => [r.id, r.n, pct(r.leftShare), pct(r.agreement), num(r.medianSeconds, 1), `${r.attentionFailures}/${r.attentionChecks}`, r.flags.join(', ') || '–']),
      ),
      '',
    );
  }

  const sentences = report.dropCurves.flatMap((curve) => {
    const sentence = dropSentence(curve);
    return sentence ? [`- ${curve.a} vs ${curve.b}: ${sentence}.`] : [];
  });
  if (report.influence.length > 0 || sentences.length > 0) {
    out.push('## Most influential prompts', '', ...sentences);
    if (report.influence.length > 0) {
      out.push('', 'Change in the first system\'s win rate when one prompt is left out (largest first, ties by item id):', '');
      out.push(
        table(
          ['Pair', 'Item', 'n', 'Win rate without', 'Change', 'Prompt'],
          report.influence.map((x) => [`${x.a} vs ${x.b}`, x.item, x.n, pct(x.winRateWithout), `${x.delta >= 0 ? '+' : ''}${(x.delta * 100).toFixed(2)} pts`, truncate(x.prompt ?? '', 120)]),
        ),
      );
    }
    out.push('');
  }

  if (report.lengthBuckets.length > 0) {
    out.push('## Win rate by length difference', '');
    out.push(
      table(
        ['Pair', 'Length difference (chars)', 'n', `Win rate [${level}% CI]`],
        report.lengthBuckets.map((x) => [`${x.a} vs ${x.b}`, x.bucket, x.n, `${pct(x.winRate)} ${interval(x.winRateCI)}`]),
      ),
      '',
    );
  }

  if (report.tags.length > 0) {
    out.push('## By tag', '');
    out.push(table(['Tag', 'Pair', 'n', `Win rate [${level}% CI]`], report.tags.map((x) => [x.tag, `${x.a} vs ${x.b}`, x.n, `${pct(x.winRate)} ${interval(x.winRateCI)}`])), '');
  }

  if (report.planning.length > 0) {
    out.push('## How many votes', '', `Normal approximation from each pair's observed win and tie rates, votes treated as independent.`, '');
    out.push(
      table(
        ['Pair', 'n', 'Win rate', 'Resolved', 'Votes to detect it (80% power)', 'Votes for ±3 points'],
        report.planning.map((x) => [`${x.a} vs ${x.b}`, x.n, pct(x.winRate), x.resolved ? 'yes' : 'no', x.votesToDetect ?? '–', x.votesForHalfWidth3 ?? '–']),
      ),
      '',
    );
  }

  const s = report.settings;
  out.push('## Settings and provenance', '');
  out.push(
    `seed ${s.seed}, ${s.resamples} resamples (${s.method}), clustered by ${s.cluster}, ties ${s.tiePolicy}, level ${s.level}, raters ${s.raters}` +
      `${s.baseline ? `, baseline ${s.baseline}` : ''}${s.anchor ? `, anchor ${s.anchor}` : ''}${s.excludeFlagged ? ', flagged raters excluded' : ''}.`,
    '',
  );
  out.push(
    table(
      ['Source', 'Format', 'Read', 'Used', 'Dropped'],
      report.provenance.sources.map((x) => [x.file, x.format, x.read, x.used, x.dropped]),
      ['---', '---', '---:', '---:', '---:'],
    ),
    '',
  );
  for (const imported of report.provenance.imports) {
    const dropped = imported.droppedPrompts ? `; ${imported.droppedPrompts} prompts left out` : '';
    out.push(`Study \`${imported.study}\` was made by \`prefstudy import ${imported.importer}\` on ${imported.importedAt}${dropped}, from:`, '');
    out.push(
      table(
        ['File', 'sha256', 'System', 'Generator', 'Sampling'],
        imported.sources.map((x) => [x.file, x.sha256.slice(0, 16), x.system ?? '–', x.generator ?? '–', samplingText(x)]),
        ['---', '---', '---', '---', '---'],
      ),
      '',
    );
  }
  out.push(`Study id \`${report.study}\`. Generated ${report.generatedAt} by ${report.provenance.generator}.`, '');
  return out.join('\n');
}

function truncate(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
