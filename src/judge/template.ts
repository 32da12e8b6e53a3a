// A judge's prompt template: optional YAML front matter (`system`: the system message; `tie`: whether
// the judge may answer "Tie"), then the user message. Placeholders {instruction}, {output_1} and
// {output_2} (Python-format style, as AlpacaEval's templates; `{{` and `}}` are literal braces).
// Everything is checked before the first request, so a typo costs no tokens: an unknown or missing
// placeholder, an unknown front-matter key, or a template that never names the labels the verdict
// is read from is an error naming the file (and line).
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { PrefstudyError, type Issue } from '../errors.ts';
import { VERDICT_LABELS } from './verdict.ts';

export const PLACEHOLDERS = ['instruction', 'output_1', 'output_2'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

export interface JudgeTemplate {
  /** Where it was read from, for messages. */
  file: string;
  /** sha256 of the file's text, first 12 hex digits: recorded with every judgment it produced. */
  sha256: string;
  system?: string;
  user: string;
  /** The judge may answer "Tie" (a tie is then a verdict, not an unparsed reply). */
  allowTie: boolean;
}

export interface RenderedPrompt {
  system?: string;
  user: string;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const FRONT_MATTER_KEYS = new Set(['system', 'tie']);
/** `{{`, `}}`, or a `{...}` placeholder (anything but braces inside). */
const TOKEN = /\{\{|\}\}|\{([^{}]*)\}/g;

/** Parses and checks a template's text; throws a PrefstudyError listing every problem. */
export function parseTemplate(text: string, file: string): JudgeTemplate {
  const issues: Issue[] = [];
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
  const source = text.replace(/^\uFEFF/, '');
  const front = FRONT_MATTER.exec(source);
  const bodyStart = front ? front[0].length : 0;
  const bodyFirstLine = lineAt(source, bodyStart);
  let system: string | undefined;
  let allowTie = false;

  if (front) {
    let meta: unknown;
    try {
      meta = parseYaml(front[1]) ?? {};
    } catch (error) {
      issues.push({ file, line: 2, field: 'front matter', message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` });
    }
    if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) {
      issues.push({ file, line: 2, field: 'front matter', message: 'expected keys (system, tie)' });
    } else if (meta !== undefined) {
      for (const [key, value] of Object.entries(meta)) {
        if (!FRONT_MATTER_KEYS.has(key)) {
          issues.push({ file, field: key, message: 'unknown front-matter key', expected: 'system or tie' });
        } else if (key === 'system') {
          if (typeof value === 'string' && value.trim() !== '') system = value;
          else issues.push({ file, field: 'system', message: 'the system message must be a non-empty text' });
        } else if (typeof value === 'boolean') {
          allowTie = value;
        } else {
          issues.push({ file, field: 'tie', message: 'expected true or false', found: JSON.stringify(value) });
        }
      }
    }
  }

  const user = source.slice(bodyStart);
  if (user.trim() === '') issues.push({ file, message: 'the template has no user message (nothing after the front matter)' });
  const used = new Set<string>();
  // The system message is checked for placeholders as well: it may hold any of them.
  if (system !== undefined) collectPlaceholders(system, file, undefined, used, issues);
  collectPlaceholders(user, file, (offset) => bodyFirstLine + lineAt(user, offset) - 1, used, issues);
  for (const name of PLACEHOLDERS) {
    if (!used.has(name)) issues.push({ file, field: `{${name}}`, message: `missing placeholder {${name}}: the template must show the ${describe(name)}` });
  }

  // The verdict is read by label: a template that never asks for them would leave every reply unparsed.
  const wording = `${system ?? ''}\n${user}`;
  const labels = allowTie ? [VERDICT_LABELS.a, VERDICT_LABELS.b, VERDICT_LABELS.tie] : [VERDICT_LABELS.a, VERDICT_LABELS.b];
  for (const label of labels) {
    if (!wording.includes(label)) {
      issues.push({ file, message: `the template never names the label "${label}": the judge's reply is read by the labels ${labels.map((l) => `"${l}"`).join(', ')}` });
    }
  }

  if (issues.length > 0) {
    throw new PrefstudyError('invalid-input', `${file}: the judge template cannot be used; no request was sent`, issues);
  }
  return { file, sha256, ...(system !== undefined ? { system } : {}), user, allowTie };
}

/** The prompt for one task. One pass: a completion that contains "{output_2}" stays as it is. */
export function renderTemplate(template: JudgeTemplate, values: TemplateValues): RenderedPrompt {
  const fill = (text: string) => text.replace(TOKEN, (whole, name: string | undefined) => (name === undefined ? whole[0] : values[name as Placeholder]));
  return { ...(template.system !== undefined ? { system: fill(template.system) } : {}), user: fill(template.user) };
}

function collectPlaceholders(text: string, file: string, lineOf: ((offset: number) => number) | undefined, used: Set<string>, issues: Issue[]): void {
  for (const match of text.matchAll(TOKEN)) {
    const name = match[1];
    if (name === undefined) continue;
    if ((PLACEHOLDERS as readonly string[]).includes(name)) {
      used.add(name);
      continue;
    }
    issues.push({
      file,
      ...(lineOf ? { line: lineOf(match.index) } : { field: 'system' }),
      message: `unknown placeholder {${name}}; write a literal brace as {{ or }}`,
      expected: PLACEHOLDERS.map((p) => `{${p}}`).join(', '),
      found: match[0].length > 40 ? `${match[0].slice(0, 40)}…` : match[0],
    });
  }
}

function describe(name: Placeholder): string {
  return name === 'instruction' ? 'request (prompt)' : name === 'output_1' ? 'first response, Output (a)' : 'second response, Output (b)';
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
