// What a judge's reply says, and how sure it was. Pure: text and token log-probabilities in, a
// verdict and a soft preference out.
//
// The verdict is read from the labels the template asks for ("Output (a)", "Output (b)", and "Tie"
// when allowed). A reply that starts with a label gives that label; otherwise a reply whose labels
// all name the same side gives that side; anything else (no label, or both sides named, as in
// "Output (a) is worse than Output (b)") is unparsed: no choice is invented for it.
//
// The soft preference follows AlpacaEval 2's weighted judge: at the token that carries the verdict
// letter, the probability mass the model put on 'a' and on 'b' (summed over every alternative that
// spells that letter: "a", " a", "(a", "A"), normalised: P(a) / (P(a) + P(b)).
import type { Choice } from '../judgments/record.ts';

export const VERDICT_LABELS = { a: 'Output (a)', b: 'Output (b)', tie: 'Tie' } as const;

export type Side = 'a' | 'b';

export interface Verdict {
  said: Side | 'tie';
  /** Where in the reply the deciding character is: the letter of "(a)" / "(b)", or the T of "Tie". */
  at: number;
}

/** One generated token with the alternatives the server reported for its position. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

export interface SoftPreference {
  /** Probability mass on tokens spelling 'a' and 'b' at the verdict token (before normalising). */
  a: number;
  b: number;
  /** a / (a + b): the judge's preference for Output (a). */
  preference: number;
}

/** "Output (a)", "Output a", "output(A)", "**Output (b)**", … : group 1 is the letter. */
const LABEL = /\boutput\s*(?:\(\s*([ab])\s*\)|\[\s*([ab])\s*\]|([ab])\b)/gi;
const TIE = /\btie\b/gi;
/** A reply that is only a letter: "a", "(b)", "B." */
const BARE = /^[\s*_`"'“”]*\(?([ab])\)?[\s.*_`"'“”]*$/i;
/** Reasoning models think aloud first; the verdict is what follows the last closed thought. */
const THINKING_END = '</think>';
/** Characters around a verdict letter within one token ("(a", " b)", "A."). */
const LETTER_NOISE = /[\s()[\]*_`"'“”.:,]/g;

/** The verdict of a reply, or undefined when it names none or both sides. */
export function parseVerdict(reply: string, allowTie: boolean): Verdict | undefined {
  const thought = reply.lastIndexOf(THINKING_END);
  const from = thought === -1 ? 0 : thought + THINKING_END.length;
  const text = reply.slice(from);

  const bare = BARE.exec(text);
  if (bare) return { said: bare[1].toLowerCase() as Side, at: from + bare.index + bare[0].indexOf(bare[1]) };

  // Each label found, with where it starts in `text`.
  const found: Array<Verdict & { start: number }> = [];
  for (const match of text.matchAll(LABEL)) {
    const letter = match[1] ?? match[2] ?? match[3];
    found.push({ said: letter.toLowerCase() as Side, at: from + match.index + match[0].lastIndexOf(letter), start: match.index });
  }
  if (allowTie) for (const match of text.matchAll(TIE)) found.push({ said: 'tie', at: from + match.index, start: match.index });
  if (found.length === 0) return undefined;
  found.sort((x, y) => x.start - y.start);

  // A reply that opens with a label has answered; what follows may be an explanation naming the other.
  const lead = text.length - text.replace(/^[\s*_`"'“”#>:-]+/, '').length;
  const first = found[0];
  const verdict: Verdict = { said: first.said, at: first.at };
  if (first.start === lead) return verdict;
  return found.every((v) => v.said === first.said) ? verdict : undefined;
}

/**
 * The judge's soft preference for Output (a) from the log-probabilities of the reply's tokens, or
 * undefined when there are none or they do not show the verdict letter (a tie has none).
 */
export function softPreference(reply: string, verdict: Verdict, tokens: readonly TokenLogprob[] | undefined): SoftPreference | undefined {
  if (!tokens || tokens.length === 0 || verdict.said === 'tie') return undefined;
  const position = verdictToken(reply, verdict, tokens);
  if (position === undefined) return undefined;
  const chosen = tokens[position];
  // The chosen token is counted even when the server's top list leaves it out (a sampled token).
  const candidates = new Map<string, number>(chosen.top.map((t) => [t.token, t.logprob]));
  if (!candidates.has(chosen.token)) candidates.set(chosen.token, chosen.logprob);
  let a = 0;
  let b = 0;
  for (const [token, logprob] of candidates) {
    if (!Number.isFinite(logprob)) continue;
    const letter = letterOf(token);
    if (letter === 'a') a += Math.exp(logprob);
    else if (letter === 'b') b += Math.exp(logprob);
  }
  if (a + b <= 0) return undefined;
  return { a, b, preference: a / (a + b) };
}

/**
 * The choice and score a verdict stands for, with Output (a) shown as the left system. The choice
 * is the side with the higher preference (the soft one when there is one; on an exact half, the
 * reply's own word); the score is the soft preference for the left system, absent without one.
 */
export function decide(verdict: Verdict, soft: SoftPreference | undefined): { choice: Choice; score?: number } {
  if (verdict.said === 'tie') return { choice: 'tie' };
  const said: Choice = verdict.said === 'a' ? 'left' : 'right';
  if (!soft) return { choice: said };
  const choice: Choice = soft.preference > 0.5 ? 'left' : soft.preference < 0.5 ? 'right' : said;
  return { choice, score: soft.preference };
}

/** The token holding the verdict letter: by offset when the tokens spell the reply, else the first that is the letter. */
function verdictToken(reply: string, verdict: Verdict, tokens: readonly TokenLogprob[]): number | undefined {
  if (tokens.map((t) => t.token).join('') === reply) {
    let end = 0;
    for (let i = 0; i < tokens.length; i++) {
      end += tokens[i].token.length;
      if (verdict.at < end) return letterOf(tokens[i].token) === verdict.said ? i : undefined;
    }
    return undefined;
  }
  // Some servers report tokens that do not concatenate to the text (special tokens, byte pieces).
  const index = tokens.findIndex((t) => letterOf(t.token) === verdict.said);
  return index === -1 ? undefined : index;
}

/** 'a' or 'b' when a token spells just that letter (any case, with brackets or spaces around). */
function letterOf(token: string): Side | undefined {
  const letter = token.replace(LETTER_NOISE, '').toLowerCase();
  return letter === 'a' || letter === 'b' ? letter : undefined;
}
