// Where model requests may go. A project's llmBaseUrl is set through the API, so it must not turn
// the server into a proxy that fetches paths and queries of the caller's choosing (issue 10: a
// baseUrl ending in "/secret400?" swallowed the fixed path and read back a chosen page). A
// project's base URL is therefore reduced to scheme, host and port, the clients add their own
// fixed paths, and its host must be one LLM_ALLOWED_HOSTS allows. The server's own base URLs
// (OLLAMA_BASE_URL, OPENAI_BASE_URL) are the operator's configuration and keep their path.
import type { LlmConfig } from '../config';
import { AppError } from '../errors';

/** Hosts every server may reach without configuration: its own machine. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Paths a project base URL may carry: none, or the API prefix people copy from provider docs. */
const ACCEPTED_PATHS = new Set(['', '/', '/v1', '/v1/']);

/**
 * The hosts model requests may go to: LLM_ALLOWED_HOSTS when set, else the loopback names and
 * the hosts of the configured base URLs. An entry is a host name or IP ("ollama.lan",
 * "10.0.0.5"), a host and port ("ollama.lan:11434"), a suffix pattern ("*.example.com"), or "*".
 */
export function allowedHostsOf(llm: LlmConfig): readonly string[] {
  if (llm.allowedHosts) return llm.allowedHosts;
  const configured = [llm.ollama.baseUrl, llm.openai.baseUrl].flatMap((url) => {
    try {
      return [new URL(url).hostname];
    } catch {
      return [];
    }
  });
  return [...LOOPBACK_HOSTS, ...configured];
}

/** True when `url`'s host (with or without its port) matches an allowed entry. */
export function isAllowedHost(url: URL, allowed: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  return allowed.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry === '*') return true;
    if (entry.startsWith('*.')) return hostname.endsWith(entry.slice(1)) && hostname.length > entry.length - 1;
    return entry === hostname || entry === host;
  });
}

function refuse(message: string, argument: string): never {
  throw new AppError('BAD_USER_INPUT', message, { field: argument });
}

/**
 * Checks a base URL a caller gives (a project's llmBaseUrl) and returns its origin: http(s), no
 * credentials, no query or fragment, no path beyond "/" or "/v1", an allowed host. BAD_USER_INPUT
 * otherwise, naming `argument`.
 */
export function checkedProjectBaseUrl(value: string, llm: LlmConfig, argument = 'llmBaseUrl'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse(`${argument} is not a valid URL`, argument);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse(`${argument} must be an http(s) URL`, argument);
  if (url.username || url.password) refuse(`${argument} must not contain credentials; set API keys in the environment`, argument);
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    refuse(`${argument} must not have a query or fragment: it is scheme://host:port; the API paths are fixed`, argument);
  }
  if (!ACCEPTED_PATHS.has(url.pathname)) {
    refuse(`${argument} must not have a path (only "/" or "/v1"): it is scheme://host:port; the API paths are fixed`, argument);
  }
  if (!isAllowedHost(url, allowedHostsOf(llm))) {
    refuse(`${argument} points at ${url.hostname}, which LLM_ALLOWED_HOSTS does not allow`, argument);
  }
  return url.origin;
}

/** The base URL a client sends to: a project's reduced to its origin plus the engine's fixed prefix, else the configured one. */
export function modelServerBaseUrl(engine: 'ollama' | 'openai', projectUrl: string | null | undefined, llm: LlmConfig): string {
  if (!projectUrl) return engine === 'ollama' ? llm.ollama.baseUrl : llm.openai.baseUrl;
  const origin = checkedProjectBaseUrl(projectUrl, llm);
  // Ollama's paths start at the root (/api/…); OpenAI-compatible servers serve /v1/…, Azure's
  // resource URL is the root of /openai/deployments/….
  return engine === 'openai' && !llm.openai.azureApiVersion ? `${origin}/v1` : origin;
}
