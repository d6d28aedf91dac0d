// Pieces both providers share: the endpoint's public description, secret redaction, the retry
// policy built from configuration, and the mapping of "cannot succeed" HTTP statuses to AppError.
import { AppError } from '../errors';
import { DEFAULT_TIMING, HttpStatusError, type RetryPolicy, type RetryTiming } from './retry';

export interface EndpointOptions {
  baseUrl: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** Test hooks: fake sleep, clock and randomness; shorter delays. */
  timing?: Partial<RetryTiming>;
}

export function retryPolicy(options: EndpointOptions): RetryPolicy {
  return { ...DEFAULT_TIMING, ...options.timing, maxRetries: options.maxRetries, timeoutMs: options.timeoutMs };
}

/** The URL without credentials, query or trailing slash: safe to show in logs and errors. */
export function publicUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.replace(/\/+$/, '');
  } catch {
    return '(invalid URL)';
  }
}

export const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  return (text) => list.reduce((out, s) => out.split(s).join('[REDACTED]'), text);
}

/**
 * 401/403/404 mean the configuration is wrong (key, permissions, model or URL): every other call
 * would fail the same way, so the step stops with a message saying what to fix.
 */
export function configurationError(error: unknown, describe: string, hints: { auth: string; notFound: string }): unknown {
  if (!(error instanceof HttpStatusError)) return error;
  if (error.status === 401 || error.status === 403) {
    return new AppError('LLM_UNAVAILABLE', `${describe} refused the request (HTTP ${error.status}): ${hints.auth}`, {
      status: error.status,
    });
  }
  if (error.status === 404) {
    return new AppError('LLM_UNAVAILABLE', `${describe} answered HTTP 404: ${hints.notFound}`, { status: 404 });
  }
  return error;
}
