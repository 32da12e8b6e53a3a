// A study of our own: the judgments our server logged (results/<id>/judgments.jsonl), with the
// study's items for texts, tags and lengths, and its design for the orientation of the pairs.
import { createHash } from 'node:crypto';
import { PrefstudyError } from '../../errors.ts';
import { designPairs, type Item, type Study } from '../../study/schema.ts';
import { Judgment } from '../record.ts';
import { fastJudgment } from './fastJudgment.ts';
import { type ItemInfo, type ReadResult, emptyCounts } from './types.ts';
import { sha256 } from './util.ts';

export function studyItemInfo(item: Item): ItemInfo {
  const prompt =
    item.prompt ?? [...(item.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? item.messages?.[0]?.content;
  const lengths: Record<string, number> = {};
  for (const [system, completion] of Object.entries(item.completions)) lengths[system] = completion.length;
  return { id: item.id, prompt, tags: item.tags, lengths };
}

/** `file` is the judgments.jsonl path (named in errors), `content` its text. */
export function readStudyJudgments(study: Study, file: string, content: string): ReadResult {
  const counts = emptyCounts();
  const judgments: Judgment[] = [];
  const issues: PrefstudyError['issues'] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    counts.read++;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      // A torn last line after a crash is not an acknowledged judgment (invariant 3): skip it.
      if (i >= lines.length - 2 && !raw.endsWith('}')) {
        counts.dropped++;
        counts.dropReasons['incomplete last line'] = 1;
        continue;
      }
      issues.push({ file, line: i + 1, message: (err as Error).message });
      continue;
    }
    // Valid records skip zod (3× slower per row); anything doubtful gets zod's full check and wording.
    const fast = fastJudgment(value);
    if (fast) {
      judgments.push(fast);
      counts.used++;
      continue;
    }
    const parsed = Judgment.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 3)) {
        issues.push({ file, line: i + 1, field: issue.path.join('.'), message: issue.message });
      }
      continue;
    }
    judgments.push(parsed.data);
    counts.used++;
  }
  if (issues.length > 0) throw new PrefstudyError('invalid-input', `${file} holds malformed judgments`, issues);
  return studyLogResult(study, judgments, { file, counts, sha256: sha256(content) });
}

/**
 * A study's judgments as a store gave them (checked when they were written): `source` names where
 * they came from (a file, or a database); the digest is of the records as a log would hold them.
 */
export function storedStudyJudgments(study: Study, judgments: Judgment[], source: string): ReadResult {
  const digest = createHash('sha256');
  for (const judgment of judgments) digest.update(JSON.stringify(judgment) + '\n');
  return studyLogResult(study, judgments, { file: source, counts: { ...emptyCounts(), read: judgments.length, used: judgments.length }, sha256: digest.digest('hex') });
}

function studyLogResult(study: Study, judgments: Judgment[], from: { file: string; counts: ReadResult['counts']; sha256: string }): ReadResult {
  const items = new Map<string, ItemInfo>(study.items.map((item) => [item.id, studyItemInfo(item)]));
  return {
    format: 'study', file: from.file, study: study.id, judgments, items, counts: from.counts, pairs: designPairs(study), sha256: from.sha256,
    title: study.title, ...(study.provenance ? { imported: study.provenance } : {}),
  };
}
