// Ids travel as GraphQL `ID` (strings) and are database integers inside. A malformed id is the
// caller's mistake (BAD_USER_INPUT), an unknown one is NOT_FOUND: the two never mix.
import { AppError } from '../errors';

/** Parses an `ID` argument into a positive database id, or throws BAD_USER_INPUT naming the argument. */
export function parseId(value: string | number, argument: string): number {
  const text = String(value).trim();
  if (!/^[1-9][0-9]{0,14}$/.test(text)) {
    throw new AppError('BAD_USER_INPUT', `${argument} must be a positive integer id, got ${JSON.stringify(String(value).slice(0, 40))}`, {
      argument,
    });
  }
  return Number(text);
}

/** Parses a list of `ID`s (see parseId). */
export function parseIds(values: readonly (string | number)[], argument: string): number[] {
  return values.map((v) => parseId(v, argument));
}
