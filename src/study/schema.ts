// What a study is. These zod schemas are the single definition of a study folder:
// `study.json` (StudyFile) and `items.jsonl` (one Item per line). Loading, validation errors,
// importers, the scheduler and the server all work from the types inferred here.
import { z } from 'zod';

/** System ids appear in results and reports, never in a rater's browser. */
export const SystemId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s]+$/, 'a system id without spaces');

export const Message = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type Message = z.infer<typeof Message>;

/** A prompt is either a single text or the conversation so far (ending with the user's turn). */
const PromptFields = {
  prompt: z.string().min(1).optional(),
  messages: z.array(Message).min(1).optional(),
};

export const Item = z
  .strictObject({
    id: z.string().min(1).max(200),
    ...PromptFields,
    completions: z.record(SystemId, z.string()),
    tags: z.array(z.string().min(1)).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((item) => (item.prompt === undefined) !== (item.messages === undefined), {
    message: 'exactly one of "prompt" or "messages"',
    path: ['prompt'],
  });
export type Item = z.infer<typeof Item>;

export const Design = z.discriminatedUnion('kind', [
  /** Every other system against one baseline: pairs (candidate, baseline). */
  z.strictObject({ kind: z.literal('baseline'), baseline: SystemId }),
  /** Every unordered pair of systems once. */
  z.strictObject({ kind: z.literal('all-pairs') }),
  /** An explicit list of (a, b) pairs; a is the candidate, b its opponent. */
  z.strictObject({ kind: z.literal('pairs'), pairs: z.array(z.tuple([SystemId, SystemId])).min(1) }),
]);
export type Design = z.infer<typeof Design>;

export const Scale = z.strictObject({
  /** `choice`: A better / B better (/ tie / both bad). `five-point`: A much better .. B much better. */
  kind: z.enum(['choice', 'five-point']).default('choice'),
  allowTie: z.boolean().default(true),
  allowBothBad: z.boolean().default(true),
  rationale: z.enum(['off', 'optional', 'required']).default('off'),
  rationaleMaxLength: z.int().min(1).max(10_000).default(2_000),
});
export type Scale = z.infer<typeof Scale>;

/** A check item has one clearly defective side; the rater is expected to prefer `good`. */
export const AttentionCheck = z
  .strictObject({
    id: z.string().min(1),
    ...PromptFields,
    good: z.string().min(1),
    bad: z.string().min(1),
  })
  .refine((c) => (c.prompt === undefined) !== (c.messages === undefined), {
    message: 'exactly one of "prompt" or "messages"',
    path: ['prompt'],
  });
export type AttentionCheck = z.infer<typeof AttentionCheck>;

export const AttentionChecks = z.strictObject({
  /** Share of a rater's tasks that are checks, 0..1. */
  rate: z.number().min(0).max(1).default(0.1),
  /** A rater is flagged once this many checks have failed. */
  failThreshold: z.int().min(1).default(1),
  items: z.array(AttentionCheck).default([]),
});
export type AttentionChecks = z.infer<typeof AttentionChecks>;

export const Completion = z
  .strictObject({
    code: z.string().min(1).optional(),
    /** Where the rater is sent when done, e.g. https://app.prolific.com/submissions/complete?cc=CODE */
    redirectUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .default({});

export const SourceFile = z.strictObject({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: z.string().optional(),
  generator: z.string().optional(),
  system: SystemId.optional(),
  samplingConfig: z.string().optional(),
  samplingParams: z.record(z.string(), z.unknown()).optional(),
  sampleIndex: z.int().min(0).optional(),
});

export const Provenance = z.strictObject({
  importer: z.string(),
  importedAt: z.string(),
  sources: z.array(SourceFile),
  dropped: z.array(z.strictObject({ prompt: z.string(), reason: z.string() })).optional(),
});
export type Provenance = z.infer<typeof Provenance>;

export const StudyFile = z.strictObject({
  $schema: z.string().optional(),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes')
    .max(80),
  title: z.string().min(1),
  /** Markdown shown on the landing page. */
  instructions: z.string().min(1),
  /** Markdown consent text; when present the rater must agree before the first pair. */
  consent: z.string().min(1).optional(),
  estimatedMinutes: z.number().positive().optional(),
  systems: z.array(SystemId).min(2),
  design: Design,
  /** An empty completion is normally a mistake; imports of real outputs (where a model answered
   *  nothing, which should lose its pairs rather than vanish) set this to keep them. */
  allowEmptyCompletions: z.boolean().default(false),
  /** Votes wanted for each (item, pair). */
  votesPerPair: z.int().min(1).default(1),
  /** At most this many tasks for one rater (attention checks included). */
  raterLimit: z.int().min(1).default(20),
  /** A task left unanswered this long goes back to the pool. */
  leaseSeconds: z.int().min(10).default(900),
  scale: Scale.default({
    kind: 'choice',
    allowTie: true,
    allowBothBad: true,
    rationale: 'off',
    rationaleMaxLength: 2_000,
  }),
  attentionChecks: AttentionChecks.optional(),
  completion: Completion,
  seed: z.union([z.string().min(1), z.int()]),
  provenance: Provenance.optional(),
});
export type StudyFile = z.infer<typeof StudyFile>;

/** A loaded, validated study: the file, its items, and where it lives. */
export interface Study extends StudyFile {
  dir: string;
  items: Item[];
}

/** The (a, b) pairs a design asks for; a is the candidate, b the opponent/baseline. */
export function designPairs(study: Pick<StudyFile, 'systems' | 'design'>): Array<[string, string]> {
  const { systems, design } = study;
  switch (design.kind) {
    case 'baseline':
      return systems.filter((s) => s !== design.baseline).map((s) => [s, design.baseline]);
    case 'all-pairs': {
      const pairs: Array<[string, string]> = [];
      for (let i = 0; i < systems.length; i++)
        for (let j = i + 1; j < systems.length; j++) pairs.push([systems[i], systems[j]]);
      return pairs;
    }
    case 'pairs':
      return design.pairs.map(([a, b]) => [a, b]);
  }
}
