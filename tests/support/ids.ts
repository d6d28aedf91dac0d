// Ids in the API are opaque global ids. Tests read them from answers; these two helpers are for
// tests that also seed or read rows directly, and for ids that name nothing.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { globalId, type IdType } from '../../src/schema/ids';

/** The database id behind an API id (for tests that seed rows as a run would). */
export function dbId(id: string): number {
  return Number(decodeGlobalID(id).id);
}

/** A well-formed id of `type` that names no row (for NOT_FOUND cases). */
export const unknownId = (type: IdType, n = 999_999): string => globalId(type, n);

export { globalId };
