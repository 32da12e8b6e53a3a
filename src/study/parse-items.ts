// items.jsonl text -> items with their line numbers, plus every problem found (pure).
import type { Issue } from '../errors.ts';
import { parseJsonText } from './json-text.ts';
import { Item } from './schema.ts';
import { zodIssues } from './zod-issues.ts';

export interface LocatedItem {
  item: Item;
  line: number;
}

export function parseItemsText(text: string, file: string): { items: LocatedItem[]; issues: Issue[] } {
  const items: LocatedItem[] = [];
  const issues: Issue[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content.trim() === '') return;
    const parsed = parseJsonText(content, file, index);
    if (!parsed.ok) {
      issues.push({ ...parsed.issue, message: `line is ${parsed.issue.message}` });
      return;
    }
    const result = Item.safeParse(parsed.value);
    if (!result.success) {
      issues.push(...zodIssues(result.error, parsed.value, { file, line }));
      return;
    }
    items.push({ item: result.data, line });
  });
  if (items.length === 0 && issues.length === 0) {
    issues.push({
      file,
      message: text.trim() === '' ? 'the file is empty' : 'no items',
      expected: 'one JSON item per line',
      found: text.trim() === '' ? 'nothing' : 'blank lines only',
    });
  }
  return { items, issues };
}
