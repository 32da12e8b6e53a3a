// Generated Chatbot Arena battles for the report benches: outcomes follow Bradley–Terry strengths
// spread over 400 rating points, with 10% ties and 2% "both bad". Seeded, so every run reads the
// same log and the reports' hashes show whether a change moved any number.
import { rngFor } from '../src/stats/random/rng.ts';

export interface ArenaBattle {
  model_a: string;
  model_b: string;
  winner: string;
  judge?: string;
  question_id?: string;
  tstamp?: number;
}

export interface ArenaLogShape {
  battles: number;
  systems: number;
  /** With judges and prompts, each battle names one of each and carries a time stamp; without, only the three columns. */
  context?: { judges: number; prompts: number };
}

export function* arenaBattles({ battles, systems, context }: ArenaLogShape): Generator<ArenaBattle> {
  const rng = rngFor('report-bench');
  const strength = Array.from({ length: systems }, (_, i) => 10 ** ((i * 400) / (systems - 1) / 400));
  const names = Array.from({ length: systems }, (_, i) => `model-${String(i).padStart(2, '0')}`);
  for (let t = 0; t < battles; t++) {
    const a = Math.floor(rng() * systems);
    let b = Math.floor(rng() * (systems - 1));
    if (b >= a) b++;
    const u = rng();
    const pa = strength[a] / (strength[a] + strength[b]);
    const winner = u < 0.1 ? 'tie' : u < 0.12 ? 'tie (bothbad)' : rng() < pa ? 'model_a' : 'model_b';
    if (!context) {
      yield { model_a: names[a], model_b: names[b], winner };
      continue;
    }
    const judge = `judge-${Math.floor(rng() * context.judges)}`;
    yield { model_a: names[a], model_b: names[b], winner, judge, question_id: `q${Math.floor(rng() * context.prompts)}`, tstamp: 1_700_000_000 + t };
  }
}

/** The battles as JSON lines. */
export function arenaJsonLines(shape: ArenaLogShape): string {
  return Array.from(arenaBattles(shape), (battle) => JSON.stringify(battle)).join('\n') + '\n';
}

/** The battles as a CSV of model_a, model_b, winner (a log without context has nothing else). */
export function arenaCsv(shape: ArenaLogShape): string {
  return ['model_a,model_b,winner', ...Array.from(arenaBattles(shape), (b) => `${b.model_a},${b.model_b},${b.winner}`)].join('\n') + '\n';
}
