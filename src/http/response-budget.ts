// A response-size budget that aliases cannot walk around (issue 10 §8). graphql-armor's cost counts
// every scalar alike, so `{ a: projects { documents { content } } b: … }` passed it and built
// 78.8 MB answers. Before execution, each selection of Document.content (each alias, each fragment
// spread counted again) is priced at an upper bound of the bytes it can return, read from the
// stored sizes (sizeBytes); an operation whose sum is over MAX_RESPONSE_BYTES is refused with
// RESPONSE_TOO_LARGE and no resolver runs. Other fields are small and bounded by the cost limit.
//
// Bounds per content selection, by the list fields on its path:
//   Query.projects → Project.documents   all stored content (sum of sizeBytes)
//   Project.documents                    the largest project's content
//   Mutation.addDocuments                the number of documents sent × MAX_DOCUMENT_BYTES
//   anything else                        the largest document × each list's bound (projects: the
//                                        project count; documents: the largest project's count;
//                                        any other list: unbounded, so refused)
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { ServerErrorCode } from '../errors';

/** One Document.content selection: the list fields ("Type.field") on its path, with the sizes known from the request. */
export interface ContentSelection {
  lists: { field: string; size?: number }[];
}

/** Every Document.content selection the operation makes (aliases and fragment spreads each count). */
export function contentSelections(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, variables: Record<string, unknown> = {}): ContentSelection[] {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return [];
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  // The length of a list argument (addDocuments' documents), as a literal or a variable.
  const listLength = (value: ValueNode | undefined): number | undefined => {
    if (value?.kind === Kind.LIST) return value.values.length;
    if (value?.kind === Kind.VARIABLE) {
      const v = variables[value.name.value];
      return Array.isArray(v) ? v.length : undefined;
    }
    return undefined;
  };
  const found: ContentSelection[] = [];
  const walk = (set: SelectionSetNode, type: GraphQLObjectType, lists: ContentSelection['lists'], depth: number): void => {
    if (depth > 100) return; // validation refuses fragment cycles; this only bounds the walk
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && isObjectType(on)) walk(fragment.selectionSet, on, lists, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (isObjectType(on)) walk(selection.selectionSet, on, lists, depth + 1);
      } else {
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        if (type.name === 'Document' && field.name === 'content') {
          found.push({ lists });
          continue;
        }
        const named = getNamedType(field.type);
        if (!selection.selectionSet || !isObjectType(named)) continue;
        const next = isListType(getNullableType(field.type))
          ? [...lists, { field: `${type.name}.${field.name}`, size: listLength(selection.arguments?.find((a) => a.name.value === 'documents')?.value) }]
          : lists;
        walk(selection.selectionSet, named, next, depth + 1);
      }
    }
  };
  walk(operation.selectionSet, root, [], 0);
  return found;
}

/** What the database holds, for the bounds (read only when an operation selects content). */
export interface ContentStats {
  projects: number;
  /** Documents in the project with the most. */
  maxDocumentsPerProject: number;
  largestDocumentBytes: number;
  /** Content bytes of the project with the most. */
  largestProjectBytes: number;
  totalBytes: number;
}

export async function readContentStats(db: Db): Promise<ContentStats> {
  const [projects, perProject] = await Promise.all([
    db.project.count(),
    db.document.groupBy({ by: ['projectId'], _count: { _all: true }, _sum: { sizeBytes: true }, _max: { sizeBytes: true } }),
  ]);
  let stats: ContentStats = { projects, maxDocumentsPerProject: 0, largestDocumentBytes: 0, largestProjectBytes: 0, totalBytes: 0 };
  for (const p of perProject) {
    stats = {
      ...stats,
      maxDocumentsPerProject: Math.max(stats.maxDocumentsPerProject, p._count._all),
      largestDocumentBytes: Math.max(stats.largestDocumentBytes, p._max.sizeBytes ?? 0),
      largestProjectBytes: Math.max(stats.largestProjectBytes, p._sum.sizeBytes ?? 0),
      totalBytes: stats.totalBytes + (p._sum.sizeBytes ?? 0),
    };
  }
  return stats;
}

/** An upper bound of the content bytes one selection can return (see the table at the top). */
export function selectionBound(selection: ContentSelection, stats: ContentStats, maxDocumentBytes: number): number {
  const path = selection.lists.map((l) => l.field).join(' > ');
  if (path === 'Query.projects > Project.documents') return stats.totalBytes;
  if (path === 'Project.documents') return stats.largestProjectBytes;
  if (path === 'Mutation.addDocuments') return (selection.lists[0]!.size ?? Infinity) * maxDocumentBytes;
  // A document reached otherwise may be one just added: count it at the larger of both sizes.
  let bound = Math.max(stats.largestDocumentBytes, maxDocumentBytes);
  for (const list of selection.lists) {
    if (list.field === 'Query.projects') bound *= stats.projects;
    else if (list.field === 'Project.documents') bound *= Math.max(stats.maxDocumentsPerProject, 1);
    else if (list.field === 'Mutation.addDocuments') bound *= list.size ?? Infinity;
    else bound = Infinity;
  }
  return bound;
}

/** Refuses (before any resolver runs) an operation whose content could exceed config.maxResponseBytes. */
export function useResponseBudget(config: Pick<Config, 'maxResponseBytes' | 'maxDocumentBytes'>, db: Db): Plugin {
  const refusal = async (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: unknown }) => {
    const selections = contentSelections(args.schema, args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>);
    if (selections.length === 0) return undefined;
    const stats = await readContentStats(db);
    const estimate = selections.reduce((sum, s) => sum + selectionBound(s, stats, config.maxDocumentBytes), 0);
    if (estimate <= config.maxResponseBytes) return undefined;
    return {
      errors: [
        new GraphQLError(
          `This operation could return ${Number.isFinite(estimate) ? `${estimate} bytes of document content` : 'unbounded document content'}, over the limit of ${config.maxResponseBytes} bytes (MAX_RESPONSE_BYTES); select content for fewer documents or in fewer places`,
          { extensions: { code: 'RESPONSE_TOO_LARGE' satisfies ServerErrorCode, limit: config.maxResponseBytes, estimate: Number.isFinite(estimate) ? estimate : null } },
        ),
      ],
    };
  };
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const refused = await refusal(args);
      if (refused) setResultAndStopExecution(refused);
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refused = await refusal(args);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
