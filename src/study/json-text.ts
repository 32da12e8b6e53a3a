// JSON text -> value, or an Issue naming the line and column of the first syntax error.
// JSON.parse is used for speed; only when it fails do we scan the text ourselves, because
// Node's messages do not always carry a position (e.g. "Unexpected token 'x', ... is not valid JSON").
import type { Issue } from '../errors.ts';

export type JsonResult = { ok: true; value: unknown } | { ok: false; issue: Issue };

/** Parse `text` as one JSON value; `lineOffset` is added to reported lines (for JSONL). */
export function parseJsonText(text: string, file: string, lineOffset = 0): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const error = locateJsonError(text);
    const { line, column } = lineAndColumn(text, error.offset);
    return {
      ok: false,
      issue: {
        file,
        line: line + lineOffset,
        message: `not valid JSON (column ${column}${error.message.startsWith('expected') ? '' : `: ${error.message}`})`,
        expected: error.expected,
        found: error.found,
      },
    };
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface JsonSyntaxError {
  offset: number;
  message: string;
  expected: string;
  found: string;
}

class Stop extends Error {
  constructor(readonly detail: JsonSyntaxError) {
    super(detail.message);
  }
}

/** A validating JSON scanner that reports where the first error is (it builds no values). */
export function locateJsonError(text: string): JsonSyntaxError {
  let pos = 0;
  const describe = (at: number): string =>
    at >= text.length ? 'end of input (truncated?)' : JSON.stringify(text.slice(at, at + 12));
  const fail = (expected: string, message = `expected ${expected}`): never => {
    throw new Stop({ offset: Math.min(pos, text.length), message, expected, found: describe(pos) });
  };
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, pos)) pos += word.length;
    else fail('a JSON value');
  };
  const string = (): void => {
    pos++; // opening quote
    while (pos < text.length) {
      const c = text[pos];
      if (c === '"') {
        pos++;
        return;
      }
      if (c === '\\') {
        const next = text[pos + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) fail('four hex digits after \\u');
          pos += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) pos += 2;
        else fail('a valid escape sequence');
      } else if (c.charCodeAt(0) < 0x20) fail('no raw control character inside a string (use \\n)');
      else pos++;
    }
    fail('a closing quote "');
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (!match) return fail('a JSON value');
    pos += match[0].length;
  };
  const value = (): void => {
    skipSpace();
    const c = text[pos];
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else fail('a JSON value');
  };
  const object = (): void => {
    pos++;
    skipSpace();
    if (text[pos] === '}') {
      pos++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[pos] !== '"') fail('a double-quoted property name');
      string();
      skipSpace();
      if (text[pos] !== ':') fail("':' after the property name");
      pos++;
      value();
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '}') {
        pos++;
        return;
      }
      fail("',' or '}' after a property value");
    }
  };
  const array = (): void => {
    pos++;
    skipSpace();
    if (text[pos] === ']') {
      pos++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === ']') {
        pos++;
        return;
      }
      fail("',' or ']' after an array element");
    }
  };
  try {
    skipSpace();
    if (pos >= text.length) fail('a JSON value', 'the text is empty');
    value();
    skipSpace();
    if (pos < text.length) fail('end of input', 'unexpected text after the JSON value');
  } catch (err) {
    if (err instanceof Stop) return err.detail;
    throw err;
  }
  // JSON.parse failed but the scanner found nothing: point at the start rather than guess.
  return { offset: 0, message: 'not valid JSON', expected: 'JSON', found: describe(0) };
}
