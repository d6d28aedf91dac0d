// graphql-ws on the HTTP server's port: yoga's envelope drives parse, validate, execute and
// subscribe, so both transports share the plugins (limits, shared results, error codes).
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type DocumentNode, type ExecutionArgs, GraphQLError } from 'graphql';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ServerAuth } from '../auth/index';
import type { Config } from '../config';
import type { ServerErrorCode } from '../errors';
import type { Logger } from '../logger';
import { coalesceWrites, type sharedPayloads } from '../ws/index';
import { pathOf } from './routes';
import type { Refusal } from './same-origin';
import type { YogaApp } from './yoga';

/** Largest graphql-ws message; uploads go over HTTP (POST /graphql). */
export const WS_MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Bytes queued on a graphql-ws socket before its sends wait for the client (see coalesceWrites). */
export const WS_WRITE_BEHIND_BYTES = 256 * 1024;

export interface GraphqlWsDeps {
  config: Config;
  logger: Logger;
  payloads: ReturnType<typeof sharedPayloads>;
  /** Checks an upgrade's headers (Host, Origin) before the handshake; null lets it through. */
  checkUpgrade: (req: IncomingMessage) => Refusal | null;
  /** Who may connect and keep operating (API tokens, src/auth); absent means everyone. */
  auth?: Pick<ServerAuth, 'onConnect' | 'socketStillAuthorized'>;
}

export interface AttachedGraphqlWs {
  wss: WebSocketServer;
  /** The HTTP server's 'upgrade' listener: checks, then hands the socket to graphql-ws. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket with 1001 and ends their operations. */
  dispose(): Promise<void> | void;
}

/** Serves graphql-ws on yoga's endpoint, for upgrades passed to the returned handleUpgrade. */
export function createGraphqlWs(yoga: YogaApp, { config, logger, payloads, checkUpgrade, auth }: GraphqlWsDeps): AttachedGraphqlWs {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });
  // Our own upgrade listener, so an upgrade from a foreign Origin is refused before the handshake:
  // browsers apply no CORS to WebSockets, this is the only check there is.
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal =
      pathOf(req) === yoga.graphqlEndpoint
        ? checkUpgrade(req)
        : ({ status: 404, code: 'NOT_FOUND', message: `Nothing at ${pathOf(req)}; graphql-ws is at ${yoga.graphqlEndpoint}` } satisfies Refusal);
    if (refusal) {
      refuseUpgrade(socket, refusal);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  // Before useServer's own listener, so graphql-ws sends through both: shared payloads spliced in,
  // then written behind up to the mark.
  // The cap admits sockets in the order they connect: the first maxWsConnections open ones are
  // admitted and a later one is refused at its connection_init (4403), however the inits of
  // sockets that connected together interleave (counting wss.clients at init time refused them all).
  const admitted = new Set<unknown>();
  wss.on('connection', (socket, request) => {
    if (admitted.size < config.maxWsConnections) {
      admitted.add(socket);
      socket.once('close', () => admitted.delete(socket));
    }
    coalesceWrites(socket, request.socket, WS_WRITE_BEHIND_BYTES);
    payloads.attach(socket);
  });
  type Enveloped = ReturnType<typeof yoga.getEnveloped>;
  type Ctx = WsContext<Record<string, unknown> | undefined, { socket: unknown; request: unknown }>;

  /** The per-socket cap; the current id is already reserved in ctx.subscriptions. */
  const overSocketLimit = (ctx: Ctx): GraphQLError[] | undefined =>
    Object.keys(ctx.subscriptions).length > config.maxSubscriptionsPerSocket
      ? [
          new GraphQLError(`Too many operations on this connection (limit ${config.maxSubscriptionsPerSocket})`, {
            extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' satisfies ServerErrorCode, limit: config.maxSubscriptionsPerSocket },
          }),
        ]
      : undefined;

  // Anything thrown from these steps would close the whole socket (4500): they return errors instead.
  const parseAndValidate = (enveloped: Enveloped, payload: SubscribePayload): DocumentNode | GraphQLError[] => {
    let document: DocumentNode;
    try {
      document = enveloped.parse(payload.query);
    } catch (e) {
      return [asGraphQLError(e, 'GRAPHQL_PARSE_FAILED')];
    }
    try {
      const errors = enveloped.validate(enveloped.schema, document);
      if (errors.length > 0) return [...errors];
    } catch (e) {
      // graphql-armor throws its rejections from validate.
      return [asGraphQLError(e, 'GRAPHQL_VALIDATION_FAILED')];
    }
    return document;
  };

  const operationArgs = async (enveloped: Enveloped, payload: SubscribePayload, document: DocumentNode): Promise<ExecutionArgs | GraphQLError[]> => {
    try {
      return {
        schema: enveloped.schema,
        operationName: payload.operationName,
        document,
        variableValues: payload.variables,
        contextValue: await enveloped.contextFactory(),
        rootValue: enveloped,
      };
    } catch (e) {
      logger.error('graphql-ws: building the operation context failed', e);
      return [asGraphQLError(e, 'INTERNAL_SERVER_ERROR')];
    }
  };

  const wsServer = useServer(
    {
      execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args),
      onConnect: async (ctx) => admitted.has(ctx.extra.socket) && (!auth || (await auth.onConnect(ctx))),
      onNext: payloads.onNext,
      onSubscribe: async (ctx, _id, payload) => {
        if (auth && !(await auth.socketStillAuthorized(ctx))) {
          return [new GraphQLError('The API token of this connection has been revoked', { extensions: { code: 'FORBIDDEN' } })];
        }
        const refused = overSocketLimit(ctx as Ctx);
        if (refused) return refused;
        const enveloped = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params: payload });
        const document = parseAndValidate(enveloped, payload);
        if (Array.isArray(document)) return document;
        return operationArgs(enveloped, payload, document);
      },
    },
    wss,
  );
  return { wss, handleUpgrade, dispose: () => wsServer.dispose() };
}

/** Answers a refused upgrade with the same coded JSON body as a refused HTTP request. */
function refuseUpgrade(socket: Duplex, { status, code, message }: Refusal): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function asGraphQLError(e: unknown, code: ServerErrorCode): GraphQLError {
  if (e instanceof GraphQLError) {
    return e.extensions?.code ? e : new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code } });
  }
  return new GraphQLError(code === 'INTERNAL_SERVER_ERROR' ? 'Unexpected error.' : String((e as Error)?.message ?? e), { extensions: { code } });
}
