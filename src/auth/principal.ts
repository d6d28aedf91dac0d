// Who is asking: the token a request or connection authenticated with, and its role.
import { AppError } from '../errors';
import type { Role } from './roles';
import type { VerifiedToken } from './token-store';

/** AUTH=required: a token is needed. AUTH=off: every request acts as admin. */
export type AuthMode = 'required' | 'off';

export interface Principal {
  role: Role;
  /** The token used; null when AUTH=off (no token involved). */
  token: VerifiedToken | null;
}

/** Every request with AUTH=off: a local single user may do everything. */
export const LOCAL_ADMIN: Principal = Object.freeze({ role: 'admin', token: null });

/**
 * The token in an `Authorization: Bearer <token>` value, or in graphql-ws connectionParams
 * (`authorization: 'Bearer …'`, or `token: '…'`); null when none is given.
 */
export function credentialFrom(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const bearer = /^bearer\s+(\S+)$/i.exec(text);
  if (bearer) return bearer[1]!;
  return null;
}

/** The credential in graphql-ws connectionParams. */
export function credentialFromConnectionParams(params: unknown): string | null {
  if (typeof params !== 'object' || params === null) return null;
  const p = params as Record<string, unknown>;
  const authorization = p.authorization ?? p.Authorization;
  if (authorization !== undefined) return credentialFrom(authorization);
  if (typeof p.token === 'string') return credentialFrom(p.token) ?? (p.token.trim() || null);
  return null;
}

export function unauthenticated(credential: string | null): AppError {
  return credential === null
    ? new AppError('UNAUTHENTICATED', 'An API token is required: send "Authorization: Bearer <token>" (graphql-ws: connectionParams.authorization)')
    : new AppError('UNAUTHENTICATED', 'The API token is not valid or has been revoked');
}

export function forbidden(principal: Principal, needed: Role): AppError {
  return new AppError('FORBIDDEN', `This needs the ${needed} role; the token "${principal.token?.name ?? ''}" has the ${principal.role} role`, {
    requiredRole: needed,
    role: principal.role,
  });
}
