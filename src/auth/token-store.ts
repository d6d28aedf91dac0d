// API tokens in the database: create (the token is returned once), list, revoke, verify. Used by
// the server (requests, the admin API) and by `genglossary token` on DATABASE_URL directly.
import { EventEmitter } from 'node:events';
import type { Db } from '../db/client';
import type { ApiToken } from '../db/generated/client/client';
import { isUniqueViolation } from '../db/index';
import { AppError } from '../errors';
import { isRole, type Role } from './roles';
import { generateToken, hashesEqual, hashToken, lookupPrefix, looksLikeToken } from './token-secret';

export type ApiTokenRow = ApiToken;

/** A token as the API and the CLI show it: never its hash. */
export interface ApiTokenInfo {
  id: number;
  name: string;
  role: Role;
  /** The first characters of the token ("ggt_" + 8), to tell tokens apart. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A token that authenticated a request. */
export interface VerifiedToken {
  id: number;
  name: string;
  role: Role;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** lastUsedAt is written at most this often per token, so busy clients do not write on every request. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

export function toTokenInfo(row: ApiTokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : 'viewer',
    prefix: row.prefix,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

/** Checks a token name: 1–64 of letters, digits, ".", "_", "-", not all digits (so `revoke 12` means id 12). */
export function checkTokenName(name: string): string {
  if (!NAME_PATTERN.test(name) || /^\d+$/.test(name)) {
    throw new AppError('BAD_USER_INPUT', 'A token name is 1–64 letters, digits, ".", "_" or "-", starts with a letter or digit, and is not only digits', {
      argument: 'name',
    });
  }
  return name;
}

export class ApiTokenStore {
  /** Emits 'revoked' (VerifiedToken) after a revocation, so open connections of that token can be closed. */
  readonly events = new EventEmitter();
  private readonly lastUsedWrites = new Map<number, number>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates a token; the returned `token` is the only time it exists outside the client. */
  async create(input: { name: string; role: string }): Promise<{ token: string; info: ApiTokenInfo }> {
    const name = checkTokenName(input.name);
    if (!isRole(input.role)) {
      throw new AppError('BAD_USER_INPUT', `Unknown role "${input.role}"; expected viewer, operator or admin`, { argument: 'role' });
    }
    const token = generateToken();
    try {
      const row = await this.db.apiToken.create({
        data: { name, role: input.role, prefix: lookupPrefix(token), hash: hashToken(token), createdAt: this.now() },
      });
      return { token, info: toTokenInfo(row) };
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new AppError('BAD_USER_INPUT', `An active token named "${name}" already exists; revoke it first or pick another name`, { argument: 'name' });
      }
      throw e;
    }
  }

  /** Tokens, oldest first; revoked ones only when asked. */
  async list(options: { includeRevoked?: boolean } = {}): Promise<ApiTokenInfo[]> {
    const rows = await this.db.apiToken.findMany({
      where: options.includeRevoked ? {} : { revokedAt: null },
      orderBy: { id: 'asc' },
    });
    return rows.map(toTokenInfo);
  }

  /** True when at least one token is active (the server refuses AUTH=required without one). */
  async hasActiveToken(): Promise<boolean> {
    return (await this.db.apiToken.count({ where: { revokedAt: null } })) > 0;
  }

  /**
   * Revokes a token given by id (a number) or by its active name. NOT_FOUND when there is no such
   * active token. Listeners of `events` hear about it at once.
   */
  async revoke(idOrName: string | number): Promise<ApiTokenInfo> {
    const byId = typeof idOrName === 'number' || /^\d+$/.test(idOrName);
    const where = byId ? { id: Number(idOrName), revokedAt: null } : { name: String(idOrName), revokedAt: null };
    // One conditional UPDATE: two concurrent revocations cannot both "win".
    const [row] = await this.db.apiToken.updateManyAndReturn({ where, data: { revokedAt: this.now() } });
    if (!row) throw new AppError('NOT_FOUND', byId ? `No active API token with id ${idOrName}` : `No active API token named "${idOrName}"`, { type: 'ApiToken' });
    const info = toTokenInfo(row);
    this.lastUsedWrites.delete(row.id);
    this.events.emit('revoked', { id: info.id, name: info.name, role: info.role } satisfies VerifiedToken);
    return info;
  }

  /** The active token `presented` is, or null (unknown, malformed or revoked). */
  async verify(presented: string): Promise<VerifiedToken | null> {
    if (!looksLikeToken(presented)) return null;
    const hash = hashToken(presented);
    // Found by the clear prefix, then matched on the hash in constant time: the secret part is
    // never compared by the database's (early-exit) string equality.
    const candidates = await this.db.apiToken.findMany({ where: { prefix: lookupPrefix(presented) } });
    const row = candidates.find((c) => hashesEqual(c.hash, hash));
    if (!row || row.revokedAt || !isRole(row.role)) return null;
    await this.touch(row);
    return { id: row.id, name: row.name, role: row.role };
  }

  /** True while the token is not revoked (re-checked when a long-lived connection starts an operation). */
  async isActive(id: number): Promise<boolean> {
    return (await this.db.apiToken.count({ where: { id, revokedAt: null } })) > 0;
  }

  private async touch(row: ApiTokenRow): Promise<void> {
    const now = this.now();
    const last = Math.max(this.lastUsedWrites.get(row.id) ?? 0, row.lastUsedAt?.getTime() ?? 0);
    if (now.getTime() - last < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastUsedWrites.set(row.id, now.getTime());
    await this.db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
}
