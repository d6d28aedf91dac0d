// The one Pothos builder. Every type module under src/schema registers itself on it; index.ts
// imports them all and turns the builder into a schema.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError, Kind } from 'graphql';
import { type ApiTokenStore, forbidden, type Principal, type Role, roleAllows, ROLES, unauthenticated } from '../auth/index';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type PrismaTypes from '../db/generated/pothos-types';
import { getDatamodel } from '../db/generated/pothos-types';
import type { DocumentService, ExportService, GlossaryChanges, GlossaryEditService, ProjectService, SynonymService } from '../projects/index';
import type { RunService } from '../runs/types';
import { AppError } from '../errors';
import { checkNodeId } from './ids';

const MAX_NODES = 100;

/** What resolvers may use. Built once per server (services) and per request (the object itself). */
export interface Context {
  db: Db;
  runs: RunService;
  config: Config;
  projects: ProjectService;
  documents: DocumentService;
  glossary: GlossaryEditService;
  exports: ExportService;
  synonyms: SynonymService;
  /** Announcements of changes to projects' glossary inputs (glossaryStatus subscription). */
  glossaryChanges: GlossaryChanges;
  /** Who runs the operation (null: nobody authenticated it, so no scope passes). */
  principal: Principal | null;
  apiTokens: ApiTokenStore;
}

/** The scopes a failed check asked for. */
function failedScopes(failure: AuthFailure): string[] {
  if ('failures' in failure) return failure.failures.flatMap(failedScopes);
  return 'scope' in failure ? [failure.scope] : [];
}

/** The role a field needs, for the error: the highest role among its failed scopes. */
function neededRole(failure: AuthFailure): Role {
  const scopes = failedScopes(failure);
  return [...ROLES].reverse().find((role) => scopes.includes(role)) ?? 'viewer';
}

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: Context;
  // One scope per role; a role has every scope up to its own (see roleAllows).
  AuthScopes: { viewer: boolean; operator: boolean; admin: boolean };
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // scope-auth first, so its checks wrap the other plugins' resolvers.
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Refuse a subscription when it starts, not on its first event.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      viewer: !!ctx.principal && roleAllows(ctx.principal.role, 'viewer'),
      operator: !!ctx.principal && roleAllows(ctx.principal.role, 'operator'),
      admin: !!ctx.principal && roleAllows(ctx.principal.role, 'admin'),
    }),
    // AppErrors, so they leave the API with their code like every other refusal (schema/errors.ts).
    unauthorizedError: (_parent, ctx, _info, result) =>
      ctx.principal ? forbidden(ctx.principal, neededRole(result.failure)) : unauthenticated(null),
  },
  prisma: {
    // Each server (and each test) opens its own database, so the client comes from the context.
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
  },
  relay: {
    // Every object with an id is a Node whose id is a global id ("Type:dbId" in base64, see
    // ids.ts): opaque to clients, and an id of one type can never name a row of another.
    // node/nodes check the ids they are given the way every other argument is checked.
    nodeQueryOptions: {
      resolve: (_root, args, _ctx, _info, resolveNode) => {
        checkNodeId(args.id, 'id');
        return resolveNode(args.id);
      },
    },
    nodesQueryOptions: {
      resolve: (_root, args, _ctx, _info, resolveNodes) => {
        if (args.ids.length > MAX_NODES) {
          throw new AppError('BAD_USER_INPUT', `nodes takes at most ${MAX_NODES} ids`, { argument: 'ids' });
        }
        for (const id of args.ids) checkNodeId(id, 'ids');
        return resolveNodes(args.ids);
      },
    },
    clientMutationId: 'omit',
    cursorType: 'String',
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date and time in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return date;
  },
});

builder.scalarType('JSON', {
  description: 'Structured data (a JSON value).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.BOOLEAN) return ast.value;
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return Number(ast.value);
    if (ast.kind === Kind.NULL) return null;
    throw new GraphQLError('JSON literals must be scalars; pass objects as variables');
  },
});

// Roles: reading (queries, subscriptions) needs viewer, changing anything operator; the fields that
// need admin (projects, settings, tokens) say so themselves.
builder.queryType({ authScopes: { viewer: true } });
builder.mutationType({ authScopes: { operator: true } });
builder.subscriptionType({ authScopes: { viewer: true } });
