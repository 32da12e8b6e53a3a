import { describe, expect, it } from 'vitest';
import { Interner } from './columns.ts';

describe('Interner', () => {
  it('gives a name the same id whether met as a string or as a range of a text, past many rehashes', () => {
    const names = Array.from({ length: 500 }, (_, i) => `model-${i % 2 === 0 ? i : `x${i}`}`);
    const text = names.join(',');
    const interner = new Interner();
    // Some names are met first as strings, the rest first as ranges.
    names.forEach((name, i) => i % 3 === 0 && interner.idOf(name));
    let at = 0;
    const ranged = names.map((name) => {
      const id = interner.idOfRange(text, at, at + name.length);
      at += name.length + 1;
      return id;
    });
    expect(ranged.map((id) => interner.names[id])).toEqual(names);
    expect(names.map((name) => interner.idOf(name))).toEqual(ranged);
    expect(interner.names).toHaveLength(500);
    // A range that is a prefix of a known name is a new name.
    expect(interner.names[interner.idOfRange('model-1', 0, 6)]).toBe('model-');
  });
});
