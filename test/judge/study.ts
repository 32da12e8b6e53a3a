// A small study for the judge's tests, and a fake judge for it: three systems against a baseline
// (two pairs), six items, completions of different lengths. The fake judge prefers the longer
// completion, whichever side it is on, and reports log-probabilities that say so (a soft preference
// for the left system of 0.75 / 0.95 when it wins, 0.25 / 0.95 when it loses: the alias ' A' counts
// for a), so every judgment's choice and score are known.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatRequestBody, FakeAnswer } from '../support/fakeChatServer.ts';
import { verdictTokens } from '../support/fakeChatServer.ts';

export const STUDY_ID = 'judge-study';
export const SYSTEMS = ['sys-a', 'sys-b', 'sys-c'];
export const PAIRS: Array<[string, string]> = [
  ['sys-a', 'sys-c'],
  ['sys-b', 'sys-c'],
];
export const ITEMS = 6;
export const VOTES_PER_PAIR = 2;
/** Every task the judge is asked: items × pairs × both orders. */
export const TASKS = ITEMS * PAIRS.length * 2;
/** The soft preference for the left system when the judge picks it, and when it does not (the alias ' A' counts for a). */
export const WINNER_SCORE = 0.75 / 0.95;
export const LOSER_SCORE = 0.25 / 0.95;

export function completion(item: number, system: string): string {
  // Lengths differ within an item: sys-a grows with the item, sys-b shrinks, sys-c stays.
  const words = system === 'sys-a' ? 3 + item * 2 : system === 'sys-b' ? 15 - item * 2 : 8;
  return `Answer ${item} from ${system}:${' word'.repeat(words)}.`;
}

export async function writeJudgeStudy(root: string): Promise<string> {
  const dir = join(root, 'studies', STUDY_ID);
  await mkdir(dir, { recursive: true });
  const study = {
    id: STUDY_ID,
    title: 'Which answer is better?',
    instructions: 'Pick the better answer.',
    systems: SYSTEMS,
    design: { kind: 'baseline', baseline: 'sys-c' },
    votesPerPair: VOTES_PER_PAIR,
    raterLimit: ITEMS,
    attentionChecks: { rate: 0.25, items: [{ id: 'check-1', prompt: 'What is 2 + 2?', good: '4', bad: 'Purple.' }] },
    seed: 'judge-seed',
  };
  await writeFile(join(dir, 'study.json'), JSON.stringify(study, null, 2));
  const items = Array.from({ length: ITEMS }, (_, i) =>
    JSON.stringify({ id: `item-${i + 1}`, prompt: `Question ${i + 1}: say something.`, completions: Object.fromEntries(SYSTEMS.map((s) => [s, completion(i + 1, s)])) }),
  );
  await writeFile(join(dir, 'items.jsonl'), items.join('\n') + '\n');
  return dir;
}

/** Which task a request is about: the item and the systems shown as Output (a) and (b). */
export function taskOf(body: ChatRequestBody): { item: string; left: string; right: string; key: string } {
  const text = body.messages.map((m) => m.content).join('\n');
  for (let item = 1; item <= ITEMS; item++) {
    const found = SYSTEMS.map((s) => ({ s, at: text.indexOf(completion(item, s)) }))
      .filter((f) => f.at !== -1)
      .sort((x, y) => x.at - y.at);
    if (found.length === 2) {
      const [left, right] = [found[0].s, found[1].s];
      return { item: `item-${item}`, left, right, key: `item-${item}|${left}|${right}` };
    }
  }
  throw new Error('the fake judge cannot tell which task this request is about');
}

/** The fake judge's verdict: the longer completion, with log-probabilities that agree. */
export function verdictFor(body: ChatRequestBody): FakeAnswer {
  const { item, left, right } = taskOf(body);
  const n = Number(item.slice('item-'.length));
  const letter = completion(n, left).length > completion(n, right).length ? 'a' : 'b';
  const p = letter === 'a' ? { a: 0.7, b: 0.2, aliasA: 0.05 } : { a: 0.2, b: 0.7, aliasA: 0.05 };
  return { kind: 'reply', content: `Output (${letter})`, tokens: verdictTokens(letter, p), usage: { prompt_tokens: 100, completion_tokens: 4 } };
}

/** Whether the fake judge picks the left system. */
export function leftWins(item: string, left: string, right: string): boolean {
  const n = Number(item.slice('item-'.length));
  return completion(n, left).length > completion(n, right).length;
}
