// A local stand-in for an OpenAI-compatible server (POST /v1/chat/completions) on 127.0.0.1, port
// 0: what it answers is decided by the test from the request (deterministic verdicts), and so are
// its faults: a status with headers (429 with retry-after, 500, 400), a request never answered (a
// timeout), or a raw body (not JSON). It records every request it got.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  logprobs?: boolean;
  top_logprobs?: number;
  max_tokens?: number;
  temperature?: number;
}

export interface TokenOut {
  token: string;
  logprob: number;
  top_logprobs: Array<{ token: string; logprob: number }>;
}

export type FakeAnswer =
  | { kind: 'reply'; content: string; tokens?: TokenOut[]; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'raw'; contentType: string; body: string }
  /** Never answered (until the server closes). */
  | { kind: 'hang' };

export interface FakeChatServer {
  /** The base URL to give as --endpoint (…/v1). */
  endpoint: string;
  /** Every request received, in order of arrival, with the answer it got ('pending' while held). */
  requests: Array<{ body: ChatRequestBody; answer: FakeAnswer['kind'] | 'pending' }>;
  /** How many requests are being held (hang) right now. */
  held(): number;
  close(): Promise<void>;
}

export async function startFakeChatServer(answer: (body: ChatRequestBody) => FakeAnswer): Promise<FakeChatServer> {
  const requests: FakeChatServer['requests'] = [];
  let holding = 0;
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
    const record: FakeChatServer['requests'][number] = { body, answer: 'pending' };
    requests.push(record);
    const decided = answer(body);
    record.answer = decided.kind;
    switch (decided.kind) {
      case 'hang':
        holding++;
        res.on('close', () => holding--);
        return;
      case 'status':
        res.writeHead(decided.status, { 'content-type': 'application/json', ...decided.headers });
        res.end(JSON.stringify(decided.body ?? { error: { message: `fake status ${decided.status}`, type: 'fake' } }));
        return;
      case 'raw':
        res.writeHead(200, { 'content-type': decided.contentType }).end(decided.body);
        return;
      case 'reply': {
        const reply = {
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model: body.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: decided.content },
              finish_reason: 'stop',
              // As servers do: log-probabilities only when asked for.
              logprobs: body.logprobs && decided.tokens ? { content: decided.tokens.map((t) => ({ ...t, bytes: null })) } : null,
            },
          ],
          usage: { ...(decided.usage ?? { prompt_tokens: 100, completion_tokens: 4 }), total_tokens: 0 },
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
        return;
      }
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1`,
    requests,
    held: () => holding,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The tokens of a reply "Output (x)" whose verdict letter has these probabilities for a and b. */
export function verdictTokens(letter: 'a' | 'b', p: { a: number; b: number; aliasA?: number }): TokenOut[] {
  const top = [
    { token: 'a', logprob: Math.log(p.a) },
    { token: 'b', logprob: Math.log(p.b) },
    ...(p.aliasA ? [{ token: ' A', logprob: Math.log(p.aliasA) }] : []),
    { token: 'the', logprob: Math.log(0.01) },
  ];
  return [
    { token: 'Output', logprob: -0.01, top_logprobs: [{ token: 'Output', logprob: -0.01 }] },
    { token: ' (', logprob: -0.01, top_logprobs: [{ token: ' (', logprob: -0.01 }] },
    { token: letter, logprob: Math.log(letter === 'a' ? p.a : p.b), top_logprobs: top },
    { token: ')', logprob: -0.01, top_logprobs: [{ token: ')', logprob: -0.01 }] },
  ];
}
