// The only reader of process.env. Validated once at start-up (zod), then passed down.
import { z } from 'zod';
import { isIPv4, isIPv6 } from 'node:net';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** A comma-separated list, each item checked by `item`. */
const list = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(item));
// An origin exactly as browsers send it: scheme://host[:port], no path; lower-cased like URL.origin.
const origin = z
  .string()
  .refine((v) => /^https?:\/\/[^/]+$/i.test(v) && URL.canParse(v) && new URL(v).origin === v.toLowerCase(), 'must be an origin such as https://glossary.example.com (scheme://host[:port], no path)')
  .transform((v) => v.toLowerCase());
const hostName = z
  .string()
  .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i, 'must be a host name such as glossary.example.com (no scheme or port)')
  .transform((v) => v.toLowerCase());

const EnvSchema = z.object({
  PORT: int(0, 65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** API tokens: required | off. Unset: off when HOST is loopback, required otherwise. */
  AUTH: z.enum(['required', 'off']).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/i, 'must be a SQLite file URL such as file:./data/genglossary.db or a PostgreSQL URL such as postgresql://user:password@host:5432/genglossary')
    .default('file:./data/genglossary.db'),
  MAX_CONCURRENT_RUNS: int(1, 64).default(2),
  /** PostgreSQL: how long an instance's lease lasts without a heartbeat (heartbeats every third). */
  INSTANCE_LEASE_MS: int(300, 600_000).default(15_000),
  RUN_CANCEL_GRACE_MS: int(0, 600_000).default(5000),
  MAX_DOCUMENT_BYTES: int(1, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  MAX_DOCUMENTS_PER_PROJECT: int(1, 100_000).default(1000),
  SEED_DEMO: bool.default(true),
  SHUTDOWN_TIMEOUT_MS: int(100, 60_000).default(8000),
  MAX_WS_CONNECTIONS: int(1, 100_000).default(1000),
  MAX_SUBSCRIPTIONS_PER_SOCKET: int(1, 10_000).default(100),
  MAX_QUERY_DEPTH: int(2, 100).default(12),
  /** Largest response an operation may ask for, estimated before it runs (document content counted at its stored size). */
  MAX_RESPONSE_BYTES: int(1024, 2 ** 31 - 1).default(64 * 1024 * 1024),
  /** Origins (scheme://host[:port], comma-separated) besides the server's own that browsers may call from; CORS opens to them only. */
  ALLOWED_ORIGINS: list(origin).default([]),
  /** Host names (comma-separated) the server answers to besides the loopback names and HOST itself: stops DNS rebinding. */
  ALLOWED_HOSTS: list(hostName).default([]),
  /** GraphiQL at GET /graphql; default true when HOST is a loopback address, false otherwise. */
  GRAPHIQL: bool.optional(),
  /** Schema introspection; default true when HOST is a loopback address, false otherwise. */
  INTROSPECTION: bool.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Default engine for new projects and the CLI. */
  LLM_PROVIDER: z.enum(['offline', 'ollama', 'openai']).default('offline'),
  LLM_CONCURRENCY: int(1, 64).default(4),
  LLM_MAX_RETRIES: int(0, 10).default(3),
  /** When set, every prompt and response of a run is written under this folder. */
  LLM_DEBUG_DIR: z.string().min(1).optional(),
  OLLAMA_BASE_URL: z.url().default('http://localhost:11434'),
  OLLAMA_MODEL: z.string().min(1).default('llama3.2'),
  OLLAMA_TIMEOUT: z.coerce.number().positive().default(120),
  OPENAI_BASE_URL: z.url().default('https://api.openai.com/v1'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT: z.coerce.number().positive().default(60),
  /** Set for Azure OpenAI: OPENAI_BASE_URL is then the resource URL and OPENAI_MODEL the deployment. */
  AZURE_OPENAI_API_VERSION: z.string().min(1).optional(),
  /** Hosts a project's llmBaseUrl may point at (comma-separated; "*" = any); unset = loopback + the hosts above. */
  LLM_ALLOWED_HOSTS: z
    .string()
    .transform((v) => v.split(',').map((h) => h.trim()).filter((h) => h.length > 0))
    .refine((list) => list.every((h) => /^(\*|(\*\.)?[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?)$/.test(h)), {
      message: 'must be a comma-separated list of host names, host:port, *.suffix or *',
    })
    .optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface LlmConfig {
  provider: 'offline' | 'ollama' | 'openai';
  concurrency: number;
  maxRetries: number;
  debugDir?: string;
  ollama: { baseUrl: string; model: string; timeoutMs: number };
  openai: { baseUrl: string; apiKey?: string; model: string; timeoutMs: number; azureApiVersion?: string };
  /** LLM_ALLOWED_HOSTS; undefined = loopback and the hosts of the base URLs above (src/llm/base-url.ts). */
  allowedHosts?: readonly string[];
}

export interface Config {
  port: number;
  host: string;
  /** required: every GraphQL request needs an API token; off: every request acts as admin. */
  auth: 'required' | 'off';
  databaseUrl: string;
  maxConcurrentRuns: number;
  /** PostgreSQL: an instance's lease; another instance ends a dead one's runs within two of these. */
  instanceLeaseMs: number;
  /** After a cancel, how long a run's step may take to stop before its worker thread is terminated. */
  runCancelGraceMs: number;
  maxDocumentBytes: number;
  maxDocumentsPerProject: number;
  seedDemo: boolean;
  shutdownTimeoutMs: number;
  maxWsConnections: number;
  maxSubscriptionsPerSocket: number;
  maxQueryDepth: number;
  maxResponseBytes: number;
  /** Origins besides the server's own that browsers may call from (lower-case). */
  allowedOrigins: string[];
  /** Host names the server answers to besides the loopback names and HOST (lower-case). */
  allowedHosts: string[];
  graphiql: boolean;
  introspection: boolean;
  logLevel: Env['LOG_LEVEL'];
  llm: LlmConfig;
}

/** True for the names only this machine can reach: localhost, 127.0.0.0/8, ::1 and ::ffff:127.x.x.x. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIPv4(h)) return h.startsWith('127.');
  if (isIPv6(h)) {
    if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return mapped ? mapped[1]!.startsWith('127.') : false;
  }
  return false;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    auth: e.AUTH ?? (isLoopbackHost(e.HOST) ? 'off' : 'required'),
    databaseUrl: e.DATABASE_URL,
    maxConcurrentRuns: e.MAX_CONCURRENT_RUNS,
    instanceLeaseMs: e.INSTANCE_LEASE_MS,
    runCancelGraceMs: e.RUN_CANCEL_GRACE_MS,
    maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
    maxDocumentsPerProject: e.MAX_DOCUMENTS_PER_PROJECT,
    seedDemo: e.SEED_DEMO,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    maxWsConnections: e.MAX_WS_CONNECTIONS,
    maxSubscriptionsPerSocket: e.MAX_SUBSCRIPTIONS_PER_SOCKET,
    maxQueryDepth: e.MAX_QUERY_DEPTH,
    maxResponseBytes: e.MAX_RESPONSE_BYTES,
    allowedOrigins: e.ALLOWED_ORIGINS,
    allowedHosts: e.ALLOWED_HOSTS,
    graphiql: e.GRAPHIQL ?? isLoopbackHost(e.HOST),
    introspection: e.INTROSPECTION ?? isLoopbackHost(e.HOST),
    logLevel: e.LOG_LEVEL,
    llm: {
      provider: e.LLM_PROVIDER,
      concurrency: e.LLM_CONCURRENCY,
      maxRetries: e.LLM_MAX_RETRIES,
      debugDir: e.LLM_DEBUG_DIR,
      ollama: { baseUrl: e.OLLAMA_BASE_URL, model: e.OLLAMA_MODEL, timeoutMs: e.OLLAMA_TIMEOUT * 1000 },
      openai: {
        baseUrl: e.OPENAI_BASE_URL,
        apiKey: e.OPENAI_API_KEY,
        model: e.OPENAI_MODEL,
        timeoutMs: e.OPENAI_TIMEOUT * 1000,
        azureApiVersion: e.AZURE_OPENAI_API_VERSION,
      },
      allowedHosts: e.LLM_ALLOWED_HOSTS,
    },
  };
}
