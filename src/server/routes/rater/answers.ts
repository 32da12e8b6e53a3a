// The answer buttons of a study's scale, and the keys that press them. One table serves both the
// page (labels, shortcuts) and the parser (button value -> choice and strength).
import type { Scale } from '../../../study/schema.ts';
import type { Choice } from '../../../judgments/record.ts';

export interface AnswerOption {
  /** The submit button's value: the only thing the browser sends back. */
  value: string;
  choice: Choice;
  strength?: 0 | 1 | 2;
  label: string;
  /** Keyboard shortcuts, lower-case; the first is shown on the button. */
  keys: string[];
}

export function answerOptions(scale: Scale): AnswerOption[] {
  const options: AnswerOption[] =
    scale.kind === 'five-point'
      ? [
          { value: 'left-2', choice: 'left', strength: 2, label: 'A is much better', keys: ['1'] },
          { value: 'left-1', choice: 'left', strength: 1, label: 'A is slightly better', keys: ['2'] },
          ...(scale.allowTie ? [{ value: 'tie', choice: 'tie' as const, strength: 0 as const, label: 'About the same', keys: ['3', 't'] }] : []),
          { value: 'right-1', choice: 'right', strength: 1, label: 'B is slightly better', keys: ['4'] },
          { value: 'right-2', choice: 'right', strength: 2, label: 'B is much better', keys: ['5'] },
        ]
      : [
          { value: 'left', choice: 'left', label: 'A is better', keys: ['1', 'a'] },
          { value: 'right', choice: 'right', label: 'B is better', keys: ['2', 'b'] },
          ...(scale.allowTie ? [{ value: 'tie', choice: 'tie' as const, label: 'Tie', keys: ['3', 't'] }] : []),
        ];
  if (scale.allowBothBad) {
    const key = scale.kind === 'five-point' ? '6' : '4';
    options.push({
      value: 'both-bad',
      choice: 'both-bad',
      ...(scale.kind === 'five-point' ? { strength: 0 as const } : {}),
      label: 'Both are bad',
      keys: [key, 'x'],
    });
  }
  return options;
}
