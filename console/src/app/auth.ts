// The API token, if the server asks for one: kept in localStorage, sent as `Authorization: Bearer`
// over HTTP and as graphql-ws connectionParams. A response with UNAUTHENTICATED opens the prompt.
import { useSyncExternalStore } from 'react';

const TOKEN_KEY = 'genglossary.token';

type Listener = () => void;
const listeners = new Set<Listener>();
let tokenNeeded = false;

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return readToken();
}

export function authorizationHeader(): Record<string, string> {
  const token = readToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export function setToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private mode without storage: the token lasts as long as the page.
  }
  tokenNeeded = false;
  notify();
}

/** Called when the server refused a request for want of a (valid) token. */
export function requireToken(): void {
  if (tokenNeeded) return;
  tokenNeeded = true;
  notify();
}

function notify() {
  for (const l of listeners) l();
}

function subscribe(l: Listener) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** True while the token prompt should be shown. */
export function useTokenNeeded(): boolean {
  return useSyncExternalStore(subscribe, () => tokenNeeded);
}
