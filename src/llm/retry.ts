// HTTP with the failure rules every LLM call shares: a per-request timeout, retries with capped
// exponential backoff and full jitter on 408/429/5xx/network errors (Retry-After wins when the server
// sends one), no retry on other 4xx, and the run's signal aborting both fetch and backoff sleeps.
import { CancelledError } from '../errors';

/** Timing knobs, injectable so tests run without real waits or randomness. */
export interface RetryTiming {
  /** First backoff step; attempt n waits up to baseDelayMs × 2^n. */
  baseDelayMs: number;
  /** Cap on any wait, Retry-After included (a server asking for an hour must not stall a run). */
  maxDelayMs: number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
}

export interface RetryPolicy extends RetryTiming {
  /** Extra attempts after the first. */
  maxRetries: number;
  timeoutMs: number;
}

export const DEFAULT_TIMING: RetryTiming = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: abortableSleep,
  random: Math.random,
  now: Date.now,
};

/** Waits `ms`, rejecting with CancelledError as soon as the signal fires. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Full jitter (AWS architecture blog): uniform in [0, min(cap, base × 2^attempt)]. */
export function backoffDelay(attempt: number, timing: Pick<RetryTiming, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const ceiling = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** attempt);
  return Math.floor(timing.random() * ceiling);
}

/** 408 and 429 say "not now", 5xx "not me": worth another try. Other statuses will not change. */
const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

/** A reply the server will give again whatever we do (4xx other than 408/429): never retried. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    /** The start of the response body, secrets already redacted. */
    readonly body: string,
    message: string,
  ) {
    super(message);
  }
}

/** Why a request failed, for messages that name the cause and suggest a fix (the CLI's). */
export type LlmFailure = 'refused' | 'unreachable' | 'timeout' | 'http' | 'network' | 'bad_reply';

/** Retries ran out (or the request could not be made): this item failed, the server may be down. */
export class LlmRequestError extends Error {
  override readonly name = 'LlmRequestError';
  constructor(
    message: string,
    /** What went wrong, without the endpoint ("connection refused"), when known. */
    readonly reason?: string,
    readonly failure: LlmFailure = 'bad_reply',
    readonly status?: number,
  ) {
    super(message);
  }
}

const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/**
 * What kind of network failure this was, in fixed words: only an error code, never the text of an
 * error, which may quote what a server sent.
 */
function failureOf(error: unknown): { failure: LlmFailure; reason: string } {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  // undici hides the useful part (ECONNREFUSED, ECONNRESET…) in `cause`.
  const code = String((cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown } | undefined)?.code ?? '');
  if (code === 'ECONNREFUSED') return { failure: 'refused', reason: 'connection refused (ECONNREFUSED)' };
  if (UNREACHABLE.has(code)) return { failure: 'unreachable', reason: `host unreachable (${code})` };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return { failure: 'network', reason: `connection closed by the server (${code})` };
  }
  return { failure: 'network', reason: /^[A-Z][A-Z0-9_]{2,40}$/.test(code) ? `network error (${code})` : 'network error' };
}

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Who we talk to, for messages ("Ollama at http://localhost:11434"); never contains secrets. */
  describe: string;
  /** Removes secrets from anything quoted from the server. */
  redact: (text: string) => string;
  /** Largest answer read (MAX_RESPONSE_BYTES by default). */
  maxResponseBytes?: number;
}

export interface RetryEvent {
  attempt: number;
  reason: string;
  delayMs: number;
}

/**
 * Sends the request until it succeeds, fails for good, or the signal fires. Returns the body text
 * of a 2xx reply. Throws CancelledError, HttpStatusError (4xx except 408/429) or LlmRequestError.
 */
export async function sendWithRetry(
  request: HttpRequest,
  policy: RetryPolicy,
  signal: AbortSignal,
  onRetry?: (event: RetryEvent) => void,
): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) throw new CancelledError();
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    let reason: string;
    let failure: LlmFailure;
    let status: number | undefined;
    let retryAfterMs: number | null = null;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        // The run's signal closes the connection at once; the timeout only bounds this attempt.
        signal: AbortSignal.any([signal, timeout]),
        // A redirect would send the request (and an API key) somewhere nobody configured.
        redirect: 'manual',
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => undefined);
        throw new HttpStatusError(response.status, '', `${request.describe} answered with a redirect (HTTP ${response.status}), which is not followed`);
      }
      const text = await readBounded(response, request.maxResponseBytes ?? MAX_RESPONSE_BYTES);
      if (text === undefined) {
        throw new LlmRequestError(`${request.describe}: the answer is larger than ${request.maxResponseBytes ?? MAX_RESPONSE_BYTES} bytes`);
      }
      if (response.ok) return text;
      // Kept on the error for the clients' own checks ("does this 400 blame the format?"), never
      // put in a message: what a server answers is not ours to show (issue 10, readable SSRF).
      const body = request.redact(text.slice(0, 500));
      if (!RETRYABLE(response.status)) {
        throw new HttpStatusError(response.status, body, `${request.describe} answered HTTP ${response.status}`);
      }
      reason = `HTTP ${response.status}`;
      failure = 'http';
      status = response.status;
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), policy.now());
    } catch (error) {
      if (error instanceof HttpStatusError || error instanceof LlmRequestError) throw error;
      if (signal.aborted) throw new CancelledError();
      if (timeout.aborted) {
        reason = `no answer within ${Math.round(policy.timeoutMs / 1000)} s`;
        failure = 'timeout';
      } else {
        ({ failure, reason } = failureOf(error));
      }
    }
    if (attempt >= policy.maxRetries) {
      const attempts = `gave up after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}`;
      throw new LlmRequestError(`${request.describe}: ${reason}; ${attempts}`, `${reason}; ${attempts}`, failure, status);
    }
    const delayMs = Math.min(policy.maxDelayMs, retryAfterMs ?? backoffDelay(attempt, policy));
    onRetry?.({ attempt: attempt + 1, reason, delayMs });
    await policy.sleep(delayMs, signal);
  }
}

/** A model answer larger than this is refused without being read further (16 MiB). */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** The body as text, or undefined once it grows past `maxBytes` (the rest is not read). */
async function readBounded(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
