// Where a field is in a study.json / study.yaml: the yaml package parses both (JSON is YAML 1.2)
// and keeps source ranges, so one lookup serves both formats.
import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import type { LineOf, PathKey } from './zod-issues.ts';

/** A line finder for `text`; for a missing field it answers the line of the nearest parent. */
export function lineFinder(text: string): LineOf {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, keepSourceTokens: false });
  if (doc.errors.length > 0) return () => undefined;
  const lineAt = (offset: number): number => counter.linePos(offset).line;
  return (path: readonly PathKey[]) => {
    let node: unknown = doc.contents;
    let line = node && isRanged(node) ? lineAt(node.range[0]) : undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => scalarValue(p.key) === String(key));
        if (!pair) break;
        const keyNode = pair.key;
        if (isRanged(keyNode)) line = lineAt(keyNode.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key];
        if (!item) break;
        if (isRanged(item)) line = lineAt(item.range[0]);
        node = item;
      } else break;
    }
    return line;
  };
}

function isRanged(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function scalarValue(node: unknown): string | undefined {
  if (typeof node === 'object' && node !== null && 'value' in node) return String((node as { value: unknown }).value);
  return undefined;
}
