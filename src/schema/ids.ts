// Ids in the API are Relay global ids (@pothos/plugin-relay's encoding: base64 of "Type:dbId"),
// opaque to clients, and database integers inside. An id carries its type, so an id of one type
// can never name a row of another table (issue 10: a refined entry's bare "71" rewrote provisional
// entry 71 of another project). A malformed id or one of the wrong type is the caller's mistake
// (BAD_USER_INPUT); a well-formed id of the right type that names nothing is NOT_FOUND: the two
// never mix.
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { AppError } from '../errors';

/** The GraphQL types whose objects have ids (each a Node). */
export type IdType =
  | 'Project'
  | 'Document'
  | 'Run'
  | 'Term'
  | 'ProvisionalEntry'
  | 'RefinedEntry'
  | 'GlossaryIssue'
  | 'RequiredTerm'
  | 'ExcludedTerm'
  | 'SynonymGroup'
  | 'ApiToken';

/** Error details whose keys hold ids of a known type: what detailsForApi encodes. */
export const ID_DETAIL_TYPES: Readonly<Record<string, IdType>> = {
  projectId: 'Project',
  runId: 'Run',
  activeRunId: 'Run',
  documentIds: 'Document',
  groupIds: 'SynonymGroup',
};

const DB_ID = /^[1-9][0-9]{0,14}$/;
/** Longer than any id we hand out (base64 of a type name and a 15-digit number); bounds the work on junk. */
const MAX_ID_LENGTH = 80;

/** The id a client sees for row `dbId` of `type`. */
export function globalId(type: IdType, dbId: number | string): string {
  return encodeGlobalID(type, String(dbId));
}

function quoted(value: unknown): string {
  return JSON.stringify(String(value).slice(0, 40));
}

/**
 * The database id inside `value`, a global id of `type`; BAD_USER_INPUT naming the argument when
 * the value is not a global id or is one of another type.
 */
export function parseId(value: string | number, type: IdType, argument: string): number {
  const text = String(value);
  let decoded: { typename: string; id: string } | undefined;
  if (text.length <= MAX_ID_LENGTH) {
    try {
      decoded = decodeGlobalID(text);
    } catch {
      decoded = undefined;
    }
  }
  if (!decoded || !DB_ID.test(decoded.id)) {
    throw new AppError('BAD_USER_INPUT', `${argument} is not a valid id, got ${quoted(value)}; ids are opaque strings the API hands out`, {
      argument,
      expectedType: type,
    });
  }
  if (decoded.typename !== type) {
    throw new AppError('BAD_USER_INPUT', `${argument} must be the id of a ${type}, got the id of a ${decoded.typename}`, {
      argument,
      expectedType: type,
    });
  }
  return Number(decoded.id);
}

/** Parses a list of ids of one type (see parseId). */
export function parseIds(values: readonly (string | number)[], type: IdType, argument: string): number[] {
  return values.map((v) => parseId(v, type, argument));
}

const ID_TYPES: ReadonlySet<string> = new Set<IdType>([
  'Project',
  'Document',
  'Run',
  'Term',
  'ProvisionalEntry',
  'RefinedEntry',
  'GlossaryIssue',
  'RequiredTerm',
  'ExcludedTerm',
  'SynonymGroup',
]);

export const isIdType = (name: string): name is IdType => ID_TYPES.has(name);

/** node/nodes: the plugin has decoded the id; it must name one of our types and a row number. */
export function checkNodeId(decoded: { typename: string; id: unknown }, argument: string): void {
  if (!ID_TYPES.has(decoded.typename) || !DB_ID.test(String(decoded.id))) {
    throw new AppError('BAD_USER_INPUT', `${argument} holds an id that names no object type of this API`, { argument });
  }
}
