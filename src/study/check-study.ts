// Checks that need the whole study, after each file passed its schema (pure): the design names
// real systems, pairs are distinct, item ids are unique, and every item can be shown for every pair.
import type { Issue } from '../errors.ts';
import { designPairs, type StudyFile } from './schema.ts';
import type { LocatedItem } from './parse-items.ts';
import type { LineOf } from './zod-issues.ts';

export interface StudyFiles {
  studyFile: string;
  itemsFile: string;
  lineOf: LineOf;
}

/** The parts of a study file the cross-checks need; they run even when other fields are broken. */
export type CheckedStudy = Pick<StudyFile, 'systems' | 'design' | 'allowEmptyCompletions'> & Partial<Pick<StudyFile, 'attentionChecks'>>;

export function checkStudy(study: CheckedStudy, items: LocatedItem[], where: StudyFiles): Issue[] {
  return [...checkDesign(study, where), ...checkItems(study, items, where), ...checkAttention(study, items, where)];
}

/** Systems the design compares, in study order. */
export function designSystems(study: Pick<StudyFile, 'systems' | 'design'>): string[] {
  const used = new Set(designPairs(study).flat());
  return study.systems.filter((s) => used.has(s));
}

function checkDesign(study: CheckedStudy, { studyFile: file, lineOf }: StudyFiles): Issue[] {
  const issues: Issue[] = [];
  const known = new Set(study.systems);
  const seenSystems = new Map<string, number>();
  study.systems.forEach((system, index) => {
    const first = seenSystems.get(system);
    if (first !== undefined)
      issues.push({
        file,
        line: lineOf(['systems', index]),
        field: `systems.${index}`,
        message: `duplicate system id (also systems.${first})`,
        found: JSON.stringify(system),
      });
    else seenSystems.set(system, index);
  });
  const unknown = (field: (string | number)[], system: string): Issue => ({
    file,
    line: lineOf(field),
    field: field.join('.'),
    message: 'not one of the study\'s systems',
    expected: [...known].map((s) => JSON.stringify(s)).join(' | '),
    found: JSON.stringify(system),
  });
  const { design } = study;
  if (design.kind === 'baseline' && !known.has(design.baseline)) issues.push(unknown(['design', 'baseline'], design.baseline));
  if (design.kind === 'pairs') {
    const seenPairs = new Map<string, number>();
    design.pairs.forEach(([a, b], index) => {
      const field = ['design', 'pairs', index];
      if (!known.has(a)) issues.push(unknown([...field, 0], a));
      if (!known.has(b)) issues.push(unknown([...field, 1], b));
      if (a === b) {
        issues.push({ file, line: lineOf(field), field: field.join('.'), message: 'a system paired with itself', expected: 'two different systems', found: `[${JSON.stringify(a)}, ${JSON.stringify(b)}]` });
        return;
      }
      const key = [a, b].sort().join('\u0000');
      const first = seenPairs.get(key);
      if (first !== undefined)
        issues.push({ file, line: lineOf(field), field: field.join('.'), message: `duplicate pair (same systems as design.pairs.${first})`, found: `[${JSON.stringify(a)}, ${JSON.stringify(b)}]` });
      else seenPairs.set(key, index);
    });
  }
  return issues;
}

function checkItems(study: CheckedStudy, items: LocatedItem[], { itemsFile: file }: StudyFiles): Issue[] {
  const issues: Issue[] = [];
  const firstLine = new Map<string, number>();
  const needed = designSystems(study);
  for (const { item, line } of items) {
    const seen = firstLine.get(item.id);
    if (seen !== undefined)
      issues.push({ file, line, field: 'id', message: `duplicate item id (first on line ${seen})`, expected: 'a unique id', found: JSON.stringify(item.id) });
    else firstLine.set(item.id, line);
    for (const system of needed) {
      const text = item.completions[system];
      if (text === undefined)
        issues.push({ file, line, field: `completions.${system}`, message: `item ${JSON.stringify(item.id)} has no completion for system ${JSON.stringify(system)}`, expected: 'a completion for every system in the design', found: 'nothing' });
      else if (text.trim() === '' && !study.allowEmptyCompletions)
        issues.push({ file, line, field: `completions.${system}`, message: `item ${JSON.stringify(item.id)} has an empty completion for system ${JSON.stringify(system)} (set "allowEmptyCompletions": true if the model really answered nothing)`, expected: 'a non-empty text', found: 'an empty string' });
    }
    if (item.messages) {
      const last = item.messages[item.messages.length - 1];
      if (last.role !== 'user')
        issues.push({ file, line, field: `messages.${item.messages.length - 1}.role`, message: `item ${JSON.stringify(item.id)}: the conversation must end with the user's turn`, expected: '"user"', found: JSON.stringify(last.role) });
    }
  }
  return issues;
}

function checkAttention(study: CheckedStudy, items: LocatedItem[], { studyFile: file, lineOf }: StudyFiles): Issue[] {
  const checks = study.attentionChecks;
  if (!checks) return [];
  const issues: Issue[] = [];
  if (checks.rate > 0 && checks.items.length === 0)
    issues.push({ file, line: lineOf(['attentionChecks']), field: 'attentionChecks.items', message: 'attention checks are switched on (rate > 0) but there are no check items', expected: 'at least one check item', found: 'none' });
  const itemIds = new Set(items.map(({ item }) => item.id));
  const seen = new Map<string, number>();
  checks.items.forEach((check, index) => {
    const field = ['attentionChecks', 'items', index];
    const first = seen.get(check.id);
    if (first !== undefined)
      issues.push({ file, line: lineOf([...field, 'id']), field: `${field.join('.')}.id`, message: `duplicate attention check id (also attentionChecks.items.${first})`, found: JSON.stringify(check.id) });
    else seen.set(check.id, index);
    if (itemIds.has(check.id))
      issues.push({ file, line: lineOf([...field, 'id']), field: `${field.join('.')}.id`, message: 'an attention check id must differ from every item id', found: JSON.stringify(check.id) });
    if (check.good.trim() === check.bad.trim())
      issues.push({ file, line: lineOf([...field, 'bad']), field: `${field.join('.')}.bad`, message: 'the defective side must differ from the good side', expected: 'a clearly worse text', found: 'the same text as "good"' });
    if (check.messages && check.messages[check.messages.length - 1].role !== 'user')
      issues.push({ file, line: lineOf([...field, 'messages']), field: `${field.join('.')}.messages`, message: "the conversation must end with the user's turn" });
  });
  return issues;
}
