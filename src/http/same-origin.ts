// Same-origin by default. A browser is the attack surface of a server on a trusted network or on
// loopback: a page on any site can post to it, open a WebSocket to it (browsers apply no CORS to
// WebSockets), or reach it under its own name after a DNS rebinding. So every HTTP request and every
// WebSocket upgrade is checked here, before yoga or graphql-ws sees it:
// - `Host` must be a name the server answers to: the loopback names, HOST itself, ALLOWED_HOSTS;
// - `Origin`, when present, must be the server's own (the same host as `Host`) or in ALLOWED_ORIGINS.
// No `Origin` means a client that is not a page in a browser (curl, the CLI, a script): accepted,
// because browsers always send it on cross-origin requests, POSTs and WebSocket upgrades.
import type { IncomingHttpHeaders } from 'node:http';
import { type Config, isLoopbackHost } from '../config';
import type { ApiErrorCode } from '../errors';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface Refusal {
  status: number;
  code: ApiErrorCode;
  message: string;
}

export interface SameOriginPolicy {
  /** null when the request may go on; else why not. */
  check(headers: IncomingHttpHeaders): Refusal | null;
  /** Origins other than the server's own that CORS opens to (empty: CORS closed). */
  corsOrigins: string[];
}

/** `example.com:4000` → `example.com`; `[::1]:4000` → `[::1]`. */
function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/** The names the server answers to (lower-case; IPv6 in brackets, as in a Host header). */
export function allowedHostNames(config: Pick<Config, 'host' | 'allowedHosts'>): Set<string> {
  const names = new Set(config.allowedHosts);
  const bound = config.host.toLowerCase();
  const wildcard = bound === '0.0.0.0' || bound === '::' || bound === '[::]';
  if (isLoopbackHost(bound) || wildcard) for (const n of LOOPBACK_NAMES) names.add(n);
  if (!wildcard) names.add(bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound);
  return names;
}

/** The checks for one server. */
export function sameOriginPolicy(config: Pick<Config, 'host' | 'allowedHosts' | 'allowedOrigins'>): SameOriginPolicy {
  const hosts = allowedHostNames(config);
  const origins = new Set(config.allowedOrigins);
  return {
    corsOrigins: [...origins],
    check(headers) {
      const host = headers.host;
      // HTTP/1.0 clients may omit Host; browsers never do, so rebinding always shows a name.
      if (host !== undefined && !hosts.has(hostnameOf(host))) {
        return { status: 403, code: 'HOST_NOT_ALLOWED', message: `Host "${hostnameOf(host)}" is not a name this server answers to; add it to ALLOWED_HOSTS` };
      }
      const origin = headers.origin;
      if (origin === undefined) return null;
      const o = origin.toLowerCase();
      if (origins.has(o)) return null;
      let originHost: string | undefined;
      try {
        // URL drops the scheme's default port, as a Host header does.
        originHost = o === 'null' ? undefined : new URL(o).host;
      } catch {
        originHost = undefined;
      }
      if (originHost !== undefined && host !== undefined && originHost === host.trim().toLowerCase()) return null;
      return { status: 403, code: 'ORIGIN_NOT_ALLOWED', message: `Origin "${origin}" may not call this server; add it to ALLOWED_ORIGINS` };
    },
  };
}
