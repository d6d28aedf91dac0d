// A scripted LLM server for tests and the benchmark: speaks Ollama (/api/chat, /api/tags) and
// OpenAI-compatible (/v1/chat/completions, /v1/models, Azure deployment paths) on 127.0.0.1,
// counts requests in flight, and notices connections closed before it answered.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubCall {
  /** 0-based arrival order. */
  index: number;
  protocol: 'ollama' | 'openai';
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Record<string, any>;
  /** The JSON Schema's title (which step is asking), from whichever field carried the schema. */
  schemaName: string | undefined;
  messages: { role: string; content: string }[];
  system: string;
  /** The first user message: the step's prompt, also on a corrective second attempt. */
  user: string;
  /** The last user message (the corrective one on a second attempt). */
  lastUser: string;
}

export type StubReply =
  /** A JSON answer, wrapped in the protocol's envelope. */
  | { answer: unknown; delayMs?: number }
  /** Raw message content (for malformed output). */
  | { content: string; delayMs?: number }
  /** A raw HTTP reply. */
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Never answers (until the client goes away). */
  | { hang: true };

export type StubHandler = (call: StubCall) => StubReply | Promise<StubReply>;

export interface StubServer {
  url: string;
  calls: StubCall[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Requests whose connection closed before a reply was sent, with when it happened. */
  closedEarly: { index: number; at: number }[];
  setHandler(handler: StubHandler): void;
  resetCounters(): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface StubOptions {
  handler?: StubHandler;
  /** Added before every chat reply (the benchmark's fixed 100 ms). */
  delayMs?: number;
  models?: string[];
}

export async function startStubLlmServer(options: StubOptions = {}): Promise<StubServer> {
  let handler: StubHandler = options.handler ?? autoAnswer;
  const models = options.models ?? ['llama3.2:latest', 'qwen2.5:7b'];
  const calls: StubCall[] = [];
  const closedEarly: { index: number; at: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const raw = await readBody(req);
    if (req.method === 'GET' && url.pathname === '/api/tags') {
      return json(res, 200, { models: models.map((name) => ({ name, model: name, size: 1 })) });
    }
    if (req.method === 'GET' && url.pathname.endsWith('/models')) {
      if (req.headers.authorization === 'Bearer wrong-key') return json(res, 401, { error: { message: 'bad key' } });
      return json(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model' })) });
    }
    const protocol = url.pathname === '/api/chat' ? 'ollama' : url.pathname.endsWith('/chat/completions') ? 'openai' : undefined;
    if (req.method !== 'POST' || !protocol) return json(res, 404, { error: 'not found' });

    const body = JSON.parse(raw || '{}') as Record<string, any>;
    const messages = (body.messages ?? []) as { role: string; content: string }[];
    const call: StubCall = {
      index: calls.length,
      protocol,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      schemaName: schemaNameOf(protocol, body, messages),
      messages,
      system: messages.find((m) => m.role === 'system')?.content ?? '',
      user: messages.find((m) => m.role === 'user')?.content ?? '',
      lastUser: [...messages].reverse().find((m) => m.role === 'user')?.content ?? '',
    };
    calls.push(call);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let answered = false;
    res.on('close', () => {
      inFlight--;
      if (!answered) closedEarly.push({ index: call.index, at: Date.now() });
    });

    const reply = await handler(call);
    if ('hang' in reply) return;
    const delay = (reply.delayMs ?? 0) + (options.delayMs ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) return;
    answered = true;
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {}));
      return;
    }
    const content = 'answer' in reply ? JSON.stringify(reply.answer) : reply.content;
    json(
      res,
      200,
      protocol === 'ollama'
        ? { model: body.model, message: { role: 'assistant', content }, done: true }
        : {
            id: `chatcmpl-${call.index}`,
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    closedEarly,
    setHandler(next) {
      handler = next;
    },
    resetCounters() {
      calls.length = 0;
      closedEarly.length = 0;
      maxInFlight = inFlight;
    },
    async waitFor(predicate, timeoutMs = 5000) {
      const start = Date.now();
      while (!predicate()) {
        if (Date.now() - start > timeoutMs) throw new Error('stub: condition not reached in time');
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function schemaNameOf(protocol: 'ollama' | 'openai', body: Record<string, any>, messages: { content: string }[]): string | undefined {
  if (protocol === 'ollama' && typeof body.format === 'object') return body.format?.title;
  if (protocol === 'openai' && body.response_format?.type === 'json_schema') return body.response_format.json_schema?.name;
  // JSON mode: the schema travels in the system prompt.
  return /"title":"(\w+)"/.exec(messages[0]?.content ?? '')?.[1];
}

/** The items of a numbered data block: `[n] text` lines inside <tag>…</tag>. */
export function listedItems(user: string, tag: string): string[] {
  const inner = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(user)?.[1] ?? '';
  return [...inner.matchAll(/^\[\d+\] (.+)$/gm)].map((m) => m[1] as string);
}

/** The term of a definition or refinement prompt, aliases left out. */
export function termOf(user: string): string {
  const inner = /<term>\n([\s\S]*?)\n<\/term>/.exec(user)?.[1] ?? '';
  return inner.replace(/ \(.*\)$/, '');
}

/**
 * A well-behaved model: keeps every candidate, defines each term from context 1, reports an
 * UNCLEAR issue for the 1st and 6th entry of every review batch, and resolves it on refinement.
 */
export const autoAnswer: StubHandler = (call) => {
  switch (call.schemaName) {
    case 'term_selection':
      return {
        answer: {
          terms: listedItems(call.user, 'candidates').map((term) => ({ term, keep: true, category: 'technical_term' })),
          added: [],
        },
      };
    case 'grounded_definition': {
      const term = termOf(call.user);
      return { answer: { definition: `${term} is what context 1 says it is.`, confidence: 0.8, sources: [1] } };
    }
    case 'glossary_review':
      return {
        answer: {
          issues: listedItems(call.user, 'glossary')
            .filter((_, i) => i % 5 === 0)
            .map((term) => ({ term, type: 'UNCLEAR', description: `${term} is vague`, shouldExclude: false, reason: '' })),
        },
      };
    case 'refined_definition': {
      const term = termOf(call.user);
      return {
        answer: { definition: `${term}, refined from context 1.`, confidence: 0.9, sources: [1], unresolved: [], notes: ['made it precise'] },
      };
    }
    default:
      return { status: 400, body: { error: { message: `stub: unknown schema ${call.schemaName}` } } };
  }
};
