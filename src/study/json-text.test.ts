import { describe, expect, it } from 'vitest';
import { lineAndColumn, locateJsonError, parseJsonText } from './json-text.ts';

describe('parseJsonText', () => {
  it('parses valid JSON', () => {
    expect(parseJsonText('{"a": [1, 2]}', 'f.json')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('names the last line of truncated JSON', () => {
    const result = parseJsonText('{\n  "a": 1,\n  "b": [1, 2', 'f.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issue).toMatchObject({ file: 'f.json', line: 3 });
    expect(result.issue.found).toContain('end of input');
  });

  it('names the line and column of a missing comma, and adds the line offset (JSONL)', () => {
    const result = parseJsonText('{\n"a": 1\n"b": 2}', 'f.jsonl', 10);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issue.line).toBe(13);
    expect(result.issue.message).toContain('column 1');
    expect(result.issue.expected).toBe("',' or '}' after a property value");
  });

  it('finds errors JSON.parse reports without a position', () => {
    expect(locateJsonError('{"a":}')).toMatchObject({ offset: 5, expected: 'a JSON value' });
    expect(locateJsonError('nope').offset).toBe(0);
    expect(locateJsonError('{"a": "x\ny"}').expected).toContain('control character');
    expect(locateJsonError('[1] 2').expected).toBe('end of input');
  });

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
