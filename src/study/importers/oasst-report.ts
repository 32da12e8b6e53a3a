// OpenAssistant sampling reports: {model_name, prompts: [{prompt, results: [{sampling_config,
// sampling_params, outputs: [...]}]}]}. Detected by content: one report is a single JSON object
// in a file named .jsonl.
import { z } from 'zod';
import type { Issue } from '../../errors.ts';
import { stripArtefacts } from './clean.ts';
import { parseJsonInput } from './json-input.ts';
import { toSystemId, type Importer, type ParsedRow } from './types.ts';

const Report = z.object({
  model_name: z.string().min(1),
  prompts: z.array(
    z.object({
      prompt: z.string(),
      results: z.array(
        z.object({
          sampling_config: z.string().min(1),
          sampling_params: z.record(z.string(), z.unknown()).optional(),
          outputs: z.array(z.string()),
        }),
      ),
    }),
  ),
});

export const importOasstReport: Importer = (text, file, options) => {
  const { value: report, issues } = parseJsonInput(text, file, Report);
  if (!report) return { systems: [], rows: [], notes: [], issues };

  const available = [...new Set(report.prompts.flatMap((p) => p.results.map((r) => r.sampling_config)))];
  const config = options.samplingConfig ?? (available.includes('greedy') ? 'greedy' : available[0]);
  const sampleIndex = options.sampleIndex ?? 0;
  const fail = (issue: Issue) => ({ systems: [], rows: [], notes: [], issues: [issue] });
  if (config === undefined) return fail({ file, field: 'prompts', message: 'the report has no results', expected: 'at least one sampling config', found: 'none' });
  if (!available.includes(config))
    return fail({ file, message: `no sampling config "${config}" in this report`, expected: available.join(' | '), found: JSON.stringify(config) });

  const system = options.systemId ?? toSystemId(`${report.model_name.split('/').pop() ?? report.model_name}:${config}`);
  let samplingParams: Record<string, unknown> | undefined;
  let stripped = 0;
  let maxSamples = 0;
  const rows: ParsedRow[] = report.prompts.map((entry) => {
    const result = entry.results.find((r) => r.sampling_config === config);
    samplingParams ??= result?.sampling_params;
    maxSamples = Math.max(maxSamples, result?.outputs.length ?? 0);
    const output = result?.outputs[sampleIndex];
    if (output === undefined) return { prompt: entry.prompt, completions: {} };
    const cleaned = stripArtefacts(output);
    if (cleaned.stripped) stripped++;
    return { prompt: entry.prompt, completions: { [system]: cleaned.text } };
  });
  if (sampleIndex >= maxSamples)
    return fail({ file, message: `sample index ${sampleIndex} is out of range for config "${config}"`, expected: `0..${maxSamples - 1}`, found: String(sampleIndex) });

  const chosen = options.samplingConfig ? 'as asked' : available.includes('greedy') ? 'the default: greedy is present' : `the default: the ${available.length === 1 ? 'only' : 'first'} config`;
  return {
    systems: [{ system, generator: report.model_name, samplingConfig: config, samplingParams, sampleIndex }],
    rows,
    notes: [
      `${file}: model ${report.model_name}, sampling config "${config}" (${chosen}; available: ${available.join(', ')}), sample ${sampleIndex} -> system ${system}`,
      ...(stripped ? [`${file}: stripped tokenizer artefacts (</s>, <|endoftext|>) from ${stripped} completions`] : []),
    ],
    issues: [],
  };
};
