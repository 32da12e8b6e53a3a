// PROVISIONAL minimal loader (skeleton); the study issue replaces it with one that collects every
// error with file, line, field, expected and found.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Item, StudyFile, type Study } from './schema.ts';

export async function loadStudy(dir: string): Promise<Study> {
  const file = StudyFile.parse(JSON.parse(await readFile(join(dir, 'study.json'), 'utf8')));
  const lines = (await readFile(join(dir, 'items.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
  return { ...file, dir, items: lines.map((l) => Item.parse(JSON.parse(l))) };
}
