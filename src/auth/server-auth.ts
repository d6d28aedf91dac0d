// Authentication for one server: requests over HTTP and SSE (a yoga plugin), graphql-ws
// connections (onConnect / onSubscribe helpers), the principal each operation's context gets, and
// revocations that end what a token holds open. Authorization by role is the schema's business
// (@pothos/plugin-scope-auth in src/schema/builder.ts).
import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { endOnAbort } from './end-on-abort';
import { type ClosableSocket, OpenConnections, REVOKED_CLOSE_CODE, REVOKED_CLOSE_REASON } from './open-connections';
import { type AuthMode, credentialFrom, credentialFromConnectionParams, LOCAL_ADMIN, type Principal, unauthenticated } from './principal';
import { checkAuthCanStart } from './startup';
import { ApiTokenStore } from './token-store';

/** graphql-ws' Unauthorized code: clients do not retry it (a 4403 they would). */
export const UNAUTHENTICATED_CLOSE_CODE = 4401;

/** The part of graphql-ws' connection context these helpers read. */
export interface WsConnectionContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra: { socket: ClosableSocket };
}

export class ServerAuth {
  readonly store: ApiTokenStore;
  readonly connections = new OpenConnections();
  private readonly requests = new WeakMap<object, Principal>();
  private readonly sockets = new WeakMap<object, Principal>();

  constructor(
    db: Db,
    readonly mode: AuthMode,
  ) {
    this.store = new ApiTokenStore(db);
    this.store.events.on('revoked', (token: { id: number }) => this.connections.revoke(token.id));
  }

  /** The server's auth, after checking it may start at all (AuthStartupError otherwise). */
  static async forServer(db: Db, config: { host: string; auth: AuthMode }): Promise<ServerAuth> {
    const auth = new ServerAuth(db, config.auth);
    await checkAuthCanStart(config, auth.store);
    return auth;
  }

  /** The principal of a credential (null: none sent). AppError UNAUTHENTICATED when one is needed and missing or bad. */
  async authenticate(credential: string | null): Promise<Principal> {
    if (this.mode === 'off') return LOCAL_ADMIN;
    const token = credential === null ? null : await this.store.verify(credential);
    if (!token) throw unauthenticated(credential);
    return { role: token.role, token };
  }

  /**
   * Who runs an operation, from yoga's initial context (an HTTP request, or the graphql-ws
   * context). Null when nothing authenticated it (then every scope check fails).
   */
  principalOf(initial: unknown): Principal | null {
    const ctx = initial as { request?: object; extra?: { socket?: object } } | undefined;
    const principal =
      (ctx?.request && this.requests.get(ctx.request)) ?? (ctx?.extra?.socket && this.sockets.get(ctx.extra.socket)) ?? null;
    return principal ?? (this.mode === 'off' ? LOCAL_ADMIN : null);
  }

  /**
   * yoga plugin: authenticates every request to the GraphQL endpoint (queries, mutations, SSE)
   * before it is parsed, answering 401 UNAUTHENTICATED without a valid token; ends a token's
   * subscriptions when it is revoked. Other paths (GraphiQL's page, health) are left alone.
   */
  yogaPlugin(graphqlEndpoint = '/graphql'): Plugin {
    return {
      onRequest: async ({ request, url, endResponse, fetchAPI }) => {
        if (url.pathname !== graphqlEndpoint) return;
        try {
          this.requests.set(request, await this.authenticate(credentialFrom(request.headers.get('authorization'))));
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          const body = { errors: [{ message: e.message, extensions: { code: e.code } }] };
          endResponse(
            new fetchAPI.Response(JSON.stringify(body), {
              status: 401,
              headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="genglossary"' },
            }),
          );
        }
      },
      onSubscribe: ({ args }) => {
        const principal = (args.contextValue as { principal?: Principal | null }).principal;
        if (!principal?.token) return;
        const signal = this.connections.revokedSignal(principal.token.id);
        return {
          onSubscribeResult: ({ result, setResult }) => {
            if (!isAsyncIterable(result)) return;
            setResult(
              endOnAbort(result, signal, () => ({
                errors: [new GraphQLError('The API token of this subscription has been revoked', { extensions: { code: 'FORBIDDEN' } })],
              })),
            );
          },
        };
      },
    };
  }

  /**
   * graphql-ws onConnect: authenticates connectionParams. Without a valid token the socket is
   * closed with 4401 and false is returned; a token's socket is closed with 4403 when it is revoked.
   */
  async onConnect(ctx: WsConnectionContext): Promise<boolean> {
    const { socket } = ctx.extra;
    const credential = credentialFromConnectionParams(ctx.connectionParams);
    let principal: Principal;
    try {
      principal = await this.authenticate(credential);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // Closed here for the clearer code; graphql-ws' own 4403 close after `false` is then a no-op.
      socket.close(UNAUTHENTICATED_CLOSE_CODE, credential === null ? 'Unauthorized: API token required' : 'Unauthorized: invalid API token');
      return false;
    }
    this.sockets.set(socket, principal);
    if (principal.token) this.connections.addSocket(principal.token.id, socket);
    return true;
  }

  /**
   * graphql-ws onSubscribe: false (and the socket closed with 4403) when the socket's token has
   * been revoked meanwhile — also by another process, e.g. `genglossary token revoke`.
   */
  async socketStillAuthorized(ctx: WsConnectionContext): Promise<boolean> {
    const token = this.sockets.get(ctx.extra.socket)?.token;
    if (!token || (await this.store.isActive(token.id))) return true;
    // Revoked elsewhere: end everything the token holds open here, as an in-process revoke would.
    this.connections.revoke(token.id);
    ctx.extra.socket.close(REVOKED_CLOSE_CODE, REVOKED_CLOSE_REASON);
    return false;
  }
}
