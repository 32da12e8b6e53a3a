// `prefstudy judge`: an LLM judges a study's pairs through any OpenAI-compatible chat-completions
// endpoint, and its verdicts are appended to the study's store as judgments of rater
// `judge:<model>`. This file parses and checks the options (all before the first request), opens
// the store, the client and the side file, runs src/judge/run.ts, and prints the summary.
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PrefstudyError } from '../errors.ts';
import { openJudgeClient } from '../judge/client.ts';
import { incomplete, runJudge, type JudgeProgress, type JudgeSummary } from '../judge/run.ts';
import { parseTemplate, type JudgeTemplate } from '../judge/template.ts';
import { openUnparsedLog, unparsedLogPath } from '../judge/unparsed-log.ts';
import { openJudgmentAppender } from '../store/append.ts';
import type { StoreConfig } from '../store/open-stores.ts';
import { loadStudy } from '../study/load.ts';
import { storeConfig, storeOptions, type StoreOptions } from './export.ts';

const DEFAULT_TEMPLATE = new URL('../judge/templates/pairwise.md', import.meta.url);
const DEFAULT_KEY_ENV = 'OPENAI_API_KEY';
/** Local servers (llama.cpp, Ollama, vLLM without --api-key) want no key, but the client sends one. */
const NO_KEY = 'no-key';
/** Failure reasons listed after the summary. */
const SHOWN_FAILURES = 5;

export interface JudgeOptions {
  endpoint: string;
  model: string;
  apiKeyEnv: string;
  template?: string;
  concurrency: number;
  timeout: number;
  retries: number;
  maxTokens: number;
  limit?: number;
}

export interface JudgeCommandInput extends JudgeOptions {
  /** The key itself (read from the environment by the caller). */
  apiKey: string;
  /** Show a progress bar on stderr. */
  progress: boolean;
}

/** The whole command without commander. */
export async function runJudgeCommand(studyDir: string, config: StoreConfig, input: JudgeCommandInput): Promise<JudgeSummary> {
  const study = await loadStudy(studyDir);
  const template = await loadTemplate(input.template);
  const store = await openJudgmentAppender(study, config, 'write judge verdicts into');
  const unparsed = openUnparsedLog(unparsedLogPath(config.resultsDir, study.id));
  const client = openJudgeClient({
    endpoint: input.endpoint,
    model: input.model,
    apiKey: input.apiKey,
    timeoutSeconds: input.timeout,
    retries: input.retries,
    maxTokens: input.maxTokens,
  });
  const bar = input.progress
    ? new SingleBar({
        format: 'judge [{bar}] {value}/{total} | ETA {eta_formatted} | tokens in {tokensIn} out {tokensOut} | unparsed {unparsed} failed {failed}',
        stream: process.stderr,
        // A long run is often stopped with Ctrl-C, which would leave a hidden cursor hidden.
        hideCursor: false,
        etaBuffer: 50,
      })
    : null;
  const payload = (p: JudgeProgress) => ({ tokensIn: p.tokensIn, tokensOut: p.tokensOut, unparsed: p.unparsed, failed: p.failed });
  try {
    return await runJudge(
      { study, model: input.model, template, concurrency: input.concurrency, ...(input.limit !== undefined ? { limit: input.limit } : {}) },
      {
        client,
        store,
        unparsed,
        onProgress: (p) => {
          if (!bar) return;
          if (p.done === 0) {
            if (p.total > 0) bar.start(p.total, 0, payload(p));
          } else {
            bar.update(p.done, payload(p));
          }
        },
      },
    );
  } finally {
    bar?.stop();
    await Promise.allSettled([store.close(), unparsed.close()]);
  }
}

/** The built-in template, or the file given; checked whole before anything is asked. */
async function loadTemplate(file: string | undefined): Promise<JudgeTemplate> {
  const source = file ?? DEFAULT_TEMPLATE;
  const name = file ?? fileURLToPath(DEFAULT_TEMPLATE);
  const text = await readFile(source, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new PrefstudyError('not-found', `cannot read the judge template ${name}`, [{ file: name, message: error.code === 'ENOENT' ? 'no such file' : error.message }]);
  });
  return parseTemplate(text, name);
}

/** The one-line summary printed on stdout. */
export function describeJudgeRun(s: JudgeSummary): string {
  const parts = [
    `${s.planned} tasks planned`,
    `${s.skipped} already judged (skipped)`,
    `${s.judged} judged now${s.judged > 0 ? ` (${s.soft} with a soft preference from logprobs)` : ''}`,
    `${s.unparsed} unparsed`,
    `${s.failed} failed`,
  ];
  if (s.deferred > 0) parts.push(`${s.deferred} left for a later run (--limit)`);
  if (s.notAsked > 0) parts.push(`${s.notAsked} not asked (stopped)`);
  return `${s.judge} on study ${s.study}: ${parts.join(', ')}; tokens in ${s.tokensIn}, out ${s.tokensOut}`;
}

/** What follows the summary on stderr: where things went, why requests failed, what to do. */
export function judgeRunDetails(s: JudgeSummary): string[] {
  const lines = [`judgments: ${s.location}`];
  if (s.unparsed > 0) lines.push(`unparsed replies (not judgments; asked again on the next run): ${s.unparsedFile}`);
  for (const failure of s.failures.slice(0, SHOWN_FAILURES)) lines.push(`failed${failure.count > 1 ? ` ×${failure.count}` : ''}: ${failure.message}`);
  if (s.failures.length > SHOWN_FAILURES) lines.push(`… and ${s.failures.length - SHOWN_FAILURES} other reasons`);
  if (s.stopped) lines.push(`stopped asking: every request would fail like this (${s.stopped})`);
  if (s.logprobsRefused) lines.push(`note: the endpoint refused logprobs (${s.logprobsRefused}); verdicts are recorded without a soft preference`);
  if (incomplete(s)) lines.push('run the same command again to ask the missing tasks (those judged are skipped)');
  return lines;
}

function integer(min: number, what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected ${what} (a whole number, at least ${min})`);
    return n;
  };
}

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number of seconds above 0');
  return n;
}

function endpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected the base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('expected an http:// or https:// URL');
  // The base URL is what the client wants; a full chat-completions URL is taken for its base.
  return value.replace(/\/+$/, '').replace(/\/chat\/completions$/, '');
}

/** The API key: from the variable named, or a stand-in for servers that want none. */
function apiKeyFrom(command: Command, variable: string): string {
  const key = process.env[variable];
  if (key) return key;
  if (command.getOptionValueSource('apiKeyEnv') === 'cli') {
    throw new PrefstudyError('invalid-input', `--api-key-env ${variable}: the environment variable ${variable} is not set`, [
      { field: '--api-key-env', message: 'name a variable that holds the key, or leave the option out for a server that needs none' },
    ]);
  }
  return NO_KEY;
}

export function judgeCommand(): Command {
  const command = new Command('judge')
    .description("an LLM judges the study's pairs (each in both orders) through an OpenAI-compatible endpoint; verdicts become judgments of rater judge:<model>")
    .argument('<study-dir>', 'the study folder')
    .requiredOption('--endpoint <url>', 'base URL of an OpenAI-compatible API (requests go to <url>/chat/completions), e.g. http://127.0.0.1:8080/v1', endpoint)
    .requiredOption('--model <name>', 'the model to ask (as the endpoint names it); the judge is recorded as judge:<name>')
    .option('--api-key-env <var>', 'environment variable holding the API key (unset: none is sent, as local servers want)', DEFAULT_KEY_ENV)
    .option('--template <file>', 'prompt template: YAML front matter (system, tie) and a user message with {instruction}, {output_1}, {output_2} (default: the built-in pairwise template)')
    .option('--concurrency <n>', 'requests in flight at once', integer(1, 'a number of requests'), 4)
    .option('--timeout <seconds>', 'give up on one attempt after this long', seconds, 120)
    .option('--retries <n>', 'attempts after the first on 429, 5xx, timeouts, lost connections and malformed replies (exponential backoff)', integer(0, 'a number of retries'), 2)
    .option('--max-tokens <n>', 'longest reply wanted (the verdict is a few tokens; more for models that think first)', integer(1, 'a number of tokens'), 32)
    .addOption(new Option('--limit <n>', 'ask at most this many tasks in this run').argParser(integer(1, 'a number of tasks')));
  return storeOptions(command)
    .addHelpText(
      'after',
      '\nEach judgment is durable as soon as it is stored: a killed run loses only the requests in flight, and a rerun asks\n' +
        'only the tasks not yet judged. Unreadable replies go to results/<study>/judge-unparsed.jsonl (and are asked again next\n' +
        'run). Exit code 1 when some tasks are still missing (failed, unparsed or not asked). The embedded store is written by\n' +
        'one process at a time: stop `prefstudy serve` on that results folder first (a PostgreSQL store needs no such pause).',
    )
    .action(async (studyDir: string, options: JudgeOptions & StoreOptions, self: Command) => {
      const config = storeConfig(self, options);
      const apiKey = apiKeyFrom(self, options.apiKeyEnv);
      const summary = await runJudgeCommand(studyDir, config, { ...options, apiKey, progress: process.stderr.isTTY === true });
      console.log(describeJudgeRun(summary));
      for (const line of judgeRunDetails(summary)) console.error(line);
      if (incomplete(summary)) process.exitCode = 1;
    });
}
