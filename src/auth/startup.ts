// The start-up rule: a server other machines can reach never runs without tokens.
import type { AuthMode } from './principal';
import { isLoopbackHost } from '../config';
import type { ApiTokenStore } from './token-store';

/** Why the server will not start; `message` is the one line to print (exit 1). */
export class AuthStartupError extends Error {
  override readonly name = 'AuthStartupError';
}

const CREATE_HINT = 'create one with `genglossary token create --role admin --name <name>` (same DATABASE_URL)';

/** Throws AuthStartupError when HOST is not loopback and AUTH=off, or AUTH=required without an active token. */
export async function checkAuthCanStart(config: { host: string; auth: AuthMode }, store: ApiTokenStore): Promise<void> {
  if (config.auth === 'off' && !isLoopbackHost(config.host)) {
    throw new AuthStartupError(
      `Refusing to start: HOST=${config.host} is reachable from other machines and AUTH=off; set AUTH=required (the default there) and ${CREATE_HINT}`,
    );
  }
  if (config.auth === 'required' && !(await store.hasActiveToken())) {
    throw new AuthStartupError(`Refusing to start: AUTH=required but the database has no active API token; ${CREATE_HINT}`);
  }
}
