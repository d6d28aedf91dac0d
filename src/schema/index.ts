// The public face of schema/: the GraphQL schema and its context type.
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder';
import './enums';
import './project';
import './document';
import './run';
import './glossary';
import './glossary-status';
import './synonyms';
import './llm';
import './api-token';

export type { Context } from './builder';

let schema: GraphQLSchema | undefined;

/** The executable schema (built once; the builder is a module-level singleton). */
export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: true });
  return schema;
}
