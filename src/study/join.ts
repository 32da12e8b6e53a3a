// Join the rows of several parsed files on the prompt text (pure). A prompt is kept only when
// every system has a completion for it; the others are reported with the reason.
import { createHash } from 'node:crypto';
import type { Issue } from '../errors.ts';
import type { ParsedFile, SystemSource } from './importers/types.ts';

export interface JoinedRow {
  id: string;
  prompt: string;
  tags?: string[];
  completions: Record<string, string>;
}

export interface JoinResult {
  systems: SystemSource[];
  rows: JoinedRow[];
  dropped: Array<{ prompt: string; reason: string }>;
  /** Empty completions that were kept (a model that answered nothing). */
  emptyKept: Array<{ id: string; system: string }>;
  issues: Issue[];
}

/** Stable across re-imports: the same prompt always gets the same id. */
export function promptId(prompt: string): string {
  return 'p-' + createHash('sha256').update(prompt).digest('hex').slice(0, 12);
}

export function joinOnPrompt(files: Array<{ file: string; parsed: ParsedFile }>, options: { dropEmpty: boolean }): JoinResult {
  const issues: Issue[] = [];
  const systems: SystemSource[] = [];
  const systemFile = new Map<string, string>();
  for (const { file, parsed } of files)
    for (const source of parsed.systems) {
      const other = systemFile.get(source.system);
      if (other !== undefined)
        issues.push({ file, message: `system ${JSON.stringify(source.system)} also comes from ${other}; give each file its own id with --system-ids`, expected: 'distinct system ids' });
      else {
        systemFile.set(source.system, file);
        systems.push(source);
      }
    }

  interface Gathered {
    prompt: string;
    id?: string;
    tags?: string[];
    completions: Record<string, string>;
  }
  const byPrompt = new Map<string, Gathered>();
  for (const { file, parsed } of files) {
    const seenLine = new Map<string, number | undefined>();
    for (const row of parsed.rows) {
      if (seenLine.has(row.prompt)) {
        const first = seenLine.get(row.prompt);
        issues.push({ file, line: row.line, message: `the same prompt appears twice in this file${first ? ` (first on line ${first})` : ''}, so the join on prompt text is ambiguous`, found: JSON.stringify(row.prompt.slice(0, 60)) });
        continue;
      }
      seenLine.set(row.prompt, row.line);
      const gathered = byPrompt.get(row.prompt) ?? { prompt: row.prompt, completions: {} };
      gathered.id ??= row.id;
      gathered.tags ??= row.tags;
      Object.assign(gathered.completions, row.completions);
      byPrompt.set(row.prompt, gathered);
    }
  }

  const rows: JoinedRow[] = [];
  const dropped: JoinResult['dropped'] = [];
  const emptyKept: JoinResult['emptyKept'] = [];
  for (const gathered of byPrompt.values()) {
    const missing = systems.filter((s) => gathered.completions[s.system] === undefined).map((s) => s.system);
    const empty = systems.filter((s) => gathered.completions[s.system] === '').map((s) => s.system);
    if (gathered.prompt.trim() === '') dropped.push({ prompt: gathered.prompt, reason: 'empty prompt' });
    else if (missing.length) dropped.push({ prompt: gathered.prompt, reason: `missing for ${missing.join(', ')}` });
    else if (empty.length && options.dropEmpty) dropped.push({ prompt: gathered.prompt, reason: `empty completion (after stripping) for ${empty.join(', ')}` });
    else {
      const id = gathered.id ?? promptId(gathered.prompt);
      for (const system of empty) emptyKept.push({ id, system });
      rows.push({ id, prompt: gathered.prompt, tags: gathered.tags, completions: gathered.completions });
    }
  }
  return { systems, rows, dropped, emptyKept, issues };
}
