import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PrefstudyError } from '../errors.ts';
import { parseTemplate, renderTemplate } from './template.ts';

const BUILT_IN = new URL('./templates/pairwise.md', import.meta.url);
const VALID = ['---', 'system: Be fair.', '---', 'Request: {instruction}', 'Output (a): {output_1}', 'Output (b): {output_2}', 'Answer Output (a) or Output (b).', ''].join('\n');

function problems(text: string, file = 'my-template.md'): PrefstudyError {
  try {
    parseTemplate(text, file);
  } catch (error) {
    if (error instanceof PrefstudyError) return error;
    throw error;
  }
  throw new Error('the template was accepted');
}

describe('judge templates', () => {
  it('ships a pairwise template that passes its own checks', async () => {
    const text = await readFile(BUILT_IN, 'utf8');
    const template = parseTemplate(text, 'pairwise.md');
    expect(template.allowTie).toBe(false);
    expect(template.system).toMatch(/impartial/);
    expect(template.sha256).toBe(createHash('sha256').update(text).digest('hex').slice(0, 12));
    const prompt = renderTemplate(template, { instruction: 'What is 2 + 2?', output_1: 'Four.', output_2: '5' });
    expect(prompt.user).toContain('<<<REQUEST>>>\nWhat is 2 + 2?\n<<<END OF REQUEST>>>');
    expect(prompt.user.indexOf('Four.')).toBeLessThan(prompt.user.indexOf('\n5\n'));
    expect(prompt.user).not.toMatch(/\{(instruction|output_1|output_2)\}/);
  });

  it('fills placeholders in one pass: a completion that spells a placeholder stays as written; {{ }} are braces', () => {
    const template = parseTemplate(`${VALID}JSON looks like {{"k": 1}}.\n`, 't.md');
    const prompt = renderTemplate(template, { instruction: 'Say {output_2}', output_1: '{instruction}', output_2: 'b' });
    expect(prompt.system).toBe('Be fair.');
    expect(prompt.user).toBe('Request: Say {output_2}\nOutput (a): {instruction}\nOutput (b): b\nAnswer Output (a) or Output (b).\nJSON looks like {"k": 1}.\n');
  });

  it('names the file, line and placeholder of an unknown placeholder', () => {
    const error = problems(VALID.replace('{output_2}', '{output_3}'));
    expect(error.message).toBe('my-template.md: the judge template cannot be used; no request was sent');
    expect(error.issues).toContainEqual(expect.objectContaining({ file: 'my-template.md', line: 6, message: expect.stringContaining('unknown placeholder {output_3}'), found: '{output_3}' }));
    expect(error.issues).toContainEqual(expect.objectContaining({ file: 'my-template.md', field: '{output_2}', message: expect.stringContaining('missing placeholder {output_2}') }));
  });

  it('refuses stray braces, unknown front-matter keys and a tie that is not true or false', () => {
    expect(problems(`${VALID}Reply as {"verdict": "a"}\n`).issues[0]).toMatchObject({ line: 8, message: expect.stringContaining('write a literal brace as {{ or }}') });
    const front = problems(VALID.replace('system: Be fair.', 'system: Be fair.\ntemperature: 0\ntie: sometimes'));
    expect(front.issues.map((i) => i.field)).toEqual(['temperature', 'tie']);
  });

  it('refuses a template that never names the labels the verdict is read from', () => {
    const error = problems('{instruction} {output_1} {output_2} Which is better, A or B?');
    expect(error.issues.map((i) => i.message)).toEqual([
      expect.stringContaining('never names the label "Output (a)"'),
      expect.stringContaining('never names the label "Output (b)"'),
    ]);
    expect(problems(VALID.replace('system: Be fair.', 'tie: true')).issues[0].message).toContain('"Tie"');
    expect(parseTemplate(VALID.replace('system: Be fair.', 'tie: true').replace('or Output (b).', 'or Output (b), or Tie.'), 't.md').allowTie).toBe(true);
  });

  it('refuses an empty user message and broken YAML', () => {
    expect(problems('---\nsystem: x\n---\n').issues.map((i) => i.message)).toContain('the template has no user message (nothing after the front matter)');
    expect(problems(VALID.replace('system: Be fair.', 'system: [unclosed')).issues[0]).toMatchObject({ field: 'front matter', message: expect.stringContaining('not valid YAML') });
  });
});
