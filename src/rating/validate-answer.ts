// Is a submitted answer allowed by the study's scale? Pure; returns the problems, empty when fine.
import { Choice } from '../judgments/record.ts';
import type { Scale } from '../study/schema.ts';
import type { Issue } from '../errors.ts';
import type { Answer } from './types.ts';

/** The answer as it will be recorded: a known choice, strength only on five-point, trimmed rationale. */
export interface CleanAnswer {
  choice: Choice;
  strength?: 0 | 1 | 2;
  rationale?: string;
}

export function validateAnswer(answer: Answer, scale: Scale): { answer?: CleanAnswer; issues: Issue[] } {
  const issues: Issue[] = [];
  const choice = Choice.safeParse(answer.choice);
  if (!choice.success) {
    issues.push({ field: 'choice', message: 'not a known choice', expected: Choice.options.join(' | '), found: String(answer.choice) });
  } else if (choice.data === 'tie' && !scale.allowTie) {
    issues.push({ field: 'choice', message: 'this study does not allow a tie', found: 'tie' });
  } else if (choice.data === 'both-bad' && !scale.allowBothBad) {
    issues.push({ field: 'choice', message: 'this study does not allow "both bad"', found: 'both-bad' });
  }

  const strength = answer.strength;
  if (scale.kind === 'five-point') {
    if (strength === undefined) {
      issues.push({ field: 'strength', message: 'the five-point scale needs a strength', expected: '0, 1 or 2' });
    } else if (choice.success) {
      const sided = choice.data === 'left' || choice.data === 'right';
      const allowed = sided ? [1, 2] : [0];
      if (!allowed.includes(strength)) {
        issues.push({ field: 'strength', message: `strength does not fit "${choice.data}"`, expected: allowed.join(' or '), found: String(strength) });
      }
    }
  } else if (strength !== undefined) {
    issues.push({ field: 'strength', message: 'this study has no strength scale', found: String(strength) });
  }

  const rationale = typeof answer.rationale === 'string' ? answer.rationale.trim() : undefined;
  if (answer.rationale !== undefined && typeof answer.rationale !== 'string') {
    issues.push({ field: 'rationale', message: 'the rationale must be text' });
  } else if (scale.rationale === 'off' && rationale) {
    issues.push({ field: 'rationale', message: 'this study does not ask for a rationale' });
  } else if (scale.rationale === 'required' && !rationale) {
    issues.push({ field: 'rationale', message: 'a rationale is required' });
  } else if (rationale && rationale.length > scale.rationaleMaxLength) {
    issues.push({
      field: 'rationale',
      message: 'the rationale is too long',
      expected: `at most ${scale.rationaleMaxLength} characters`,
      found: `${rationale.length} characters`,
    });
  }

  if (issues.length > 0 || !choice.success) return { issues };
  return {
    issues,
    answer: {
      choice: choice.data,
      ...(strength !== undefined ? { strength } : {}),
      ...(rationale ? { rationale } : {}),
    },
  };
}
