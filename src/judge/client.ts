// The judge's connection to a model: one chat-completions request per prompt through the `openai`
// package, pointed at any OpenAI-compatible base URL (OpenAI, vLLM, llama.cpp's llama-server,
// Ollama). The package retries 429s, 5xx and connection errors with exponential backoff (honouring
// retry-after) and times each attempt out; this file adds what it does not do:
// - a reply is checked before it is believed (a non-JSON body or a reply without choices is a
//   malformed reply, asked again like a failed request, up to the same number of retries);
// - log-probabilities are asked for (AlpacaEval 2-style soft preferences), and when a server refuses
//   them (400) the request is sent again without, and never with them again in this run; servers
//   that ignore the field simply return none.
import OpenAI from 'openai';
import { z } from 'zod';
import type { TokenLogprob } from './verdict.ts';

export interface ChatPrompt {
  system?: string;
  user: string;
}

export interface ChatReply {
  text: string;
  /** Per generated token, when the server returned log-probabilities. */
  tokens?: TokenLogprob[];
  promptTokens: number;
  completionTokens: number;
  /** The model the server says answered (may be more specific than the one asked for). */
  model?: string;
}

export interface JudgeClient {
  ask(prompt: ChatPrompt): Promise<ChatReply>;
  /** Why log-probabilities are no longer asked for (the server's 400), once that happened. */
  readonly logprobsRefused: string | undefined;
}

export interface JudgeClientOptions {
  /** Base URL; requests go to <endpoint>/chat/completions. */
  endpoint: string;
  model: string;
  apiKey: string;
  timeoutSeconds: number;
  retries: number;
  maxTokens: number;
  /** Ask for log-probabilities (default true). */
  logprobs?: boolean;
}

/** A request that failed for good: after the retries, or one that retrying cannot mend. */
export class JudgeRequestError extends Error {
  /** Every later request would fail the same way (bad key, unknown model or endpoint): stop asking. */
  readonly fatal: boolean;

  constructor(message: string, fatal = false) {
    super(message);
    this.name = 'JudgeRequestError';
    this.fatal = fatal;
  }
}

const TOP_LOGPROBS = 5;

/** What is read of a reply; anything else the server adds is ignored. */
const Reply = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }),
        logprobs: z
          .object({
            content: z
              .array(
                z.object({
                  token: z.string(),
                  logprob: z.number(),
                  top_logprobs: z.array(z.object({ token: z.string(), logprob: z.number() })).nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
});

class MalformedReply extends Error {}

export function openJudgeClient(options: JudgeClientOptions): JudgeClient {
  return new OpenAIJudgeClient(options);
}

class OpenAIJudgeClient implements JudgeClient {
  private readonly api: OpenAI;
  private logprobs: boolean;
  logprobsRefused: string | undefined;

  constructor(private readonly options: JudgeClientOptions) {
    this.api = new OpenAI({
      baseURL: options.endpoint,
      apiKey: options.apiKey,
      maxRetries: options.retries,
      timeout: options.timeoutSeconds * 1000,
      // Nothing from this process's OPENAI_* settings but the key the caller chose.
      organization: null,
      project: null,
    });
    this.logprobs = options.logprobs ?? true;
  }

  async ask(prompt: ChatPrompt): Promise<ChatReply> {
    for (let malformed = 0; ; malformed++) {
      try {
        return await this.once(prompt);
      } catch (error) {
        if (error instanceof MalformedReply || error instanceof SyntaxError) {
          if (malformed < this.options.retries) continue;
          throw new JudgeRequestError(`malformed reply (${error.message})${this.afterRetries()}`);
        }
        throw this.failure(error);
      }
    }
  }

  private async once(prompt: ChatPrompt, withLogprobs = this.logprobs): Promise<ChatReply> {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      ...(prompt.system !== undefined ? [{ role: 'system' as const, content: prompt.system }] : []),
      { role: 'user', content: prompt.user },
    ];
    let raw: unknown;
    try {
      raw = await this.api.chat.completions.create({
        model: this.options.model,
        messages,
        // The judge's most likely verdict, the same on every run (as AlpacaEval's judges).
        temperature: 0,
        max_tokens: this.options.maxTokens,
        ...(withLogprobs ? { logprobs: true, top_logprobs: TOP_LOGPROBS } : {}),
      });
    } catch (error) {
      if (!withLogprobs || !(error instanceof OpenAI.BadRequestError)) throw error;
      // Some servers and models refuse logprobs: if the same request without them is accepted,
      // the verdict alone counts, and logprobs are not asked for again in this run.
      const reply = await this.once(prompt, false);
      this.logprobs = false;
      this.logprobsRefused ??= error.message;
      return reply;
    }
    return readReply(raw);
  }

  private failure(error: unknown): JudgeRequestError {
    if (error instanceof OpenAI.APIConnectionTimeoutError) {
      return new JudgeRequestError(`no reply within ${this.options.timeoutSeconds} s${this.afterRetries()}`);
    }
    if (error instanceof OpenAI.APIConnectionError) {
      const cause = causeOf(error);
      // Nothing listens there, or no such host: after the retries, every other request would fail alike.
      const fatal = cause.code === 'ECONNREFUSED' || cause.code === 'ENOTFOUND';
      return new JudgeRequestError(`cannot reach ${this.options.endpoint}: ${cause.text}${this.afterRetries()}`, fatal);
    }
    if (error instanceof OpenAI.APIError) {
      const fatal = error.status === 401 || error.status === 403 || error.status === 404;
      const retried = error.status === 429 || (error.status ?? 0) >= 500 ? this.afterRetries() : '';
      return new JudgeRequestError(`${error.message}${retried}`, fatal);
    }
    return new JudgeRequestError(error instanceof Error ? error.message : String(error));
  }

  private afterRetries(): string {
    const n = this.options.retries;
    return n === 0 ? ' (no retries)' : ` (after ${n} ${n === 1 ? 'retry' : 'retries'})`;
  }
}

function readReply(raw: unknown): ChatReply {
  if (typeof raw === 'string') throw new MalformedReply(`not JSON: ${JSON.stringify(raw.slice(0, 60))}`);
  const parsed = Reply.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedReply(`${issue.path.join('.') || 'the body'}: ${issue.message}`);
  }
  const { choices, usage, model } = parsed.data;
  const content = choices[0].logprobs?.content;
  return {
    text: choices[0].message.content ?? '',
    ...(content && content.length > 0
      ? { tokens: content.map((t) => ({ token: t.token, logprob: t.logprob, top: (t.top_logprobs ?? []).map((x) => ({ token: x.token, logprob: x.logprob })) })) }
      : {}),
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
    ...(model ? { model } : {}),
  };
}

/** The innermost cause of a connection error, with its code ("ECONNREFUSED connect ECONNREFUSED 127.0.0.1:9"). */
function causeOf(error: Error): { text: string; code?: string } {
  let inner: unknown = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  const deepest = inner as Error & { code?: unknown };
  const code = typeof deepest.code === 'string' ? deepest.code : undefined;
  return { text: code && !deepest.message.includes(code) ? `${code} ${deepest.message}` : deepest.message, ...(code ? { code } : {}) };
}
