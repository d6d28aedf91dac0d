// What a token looks like and how it is kept: "ggt_" + 32 random bytes (base64url). The database
// holds its SHA-256 and its first characters, never the token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every token starts with this, so secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'ggt_';
const RANDOM_BYTES = 32;
/** "ggt_" + 43 base64url characters. */
const TOKEN_PATTERN = /^ggt_[A-Za-z0-9_-]{43}$/;
/** Characters of the token stored in clear: the prefix plus 8 random ones (48 bits; 208 stay secret). */
const LOOKUP_LENGTH = TOKEN_PREFIX.length + 8;

/** A fresh token. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(RANDOM_BYTES).toString('base64url');
}

/** True when the text has the shape of a token (checked before any database work). */
export const looksLikeToken = (text: string): boolean => TOKEN_PATTERN.test(text);

/** The part stored in clear, used to find the row. */
export const lookupPrefix = (token: string): string => token.slice(0, LOOKUP_LENGTH);

/** SHA-256 of the token, hex: what the database stores. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares a stored hash with the hash of a presented token in constant time. */
export function hashesEqual(storedHex: string, presentedHex: string): boolean {
  const a = Buffer.from(storedHex, 'hex');
  const b = Buffer.from(presentedHex, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
