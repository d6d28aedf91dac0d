// The one Pothos builder. Every type module under src/schema registers itself on it; index.ts
// imports them all and turns the builder into a schema.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, Kind } from 'graphql';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type PrismaTypes from '../db/generated/pothos-types';
import { getDatamodel } from '../db/generated/pothos-types';
import type { DocumentService, ExportService, GlossaryEditService, ProjectService } from '../projects/index';
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
}

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
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

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
