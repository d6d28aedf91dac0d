// Where the Prisma schemas and their migrations live: SQLite's (the model definition) and the
// PostgreSQL ones derived from it (src/db/postgres-schema.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRISMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
export const POSTGRES_DIR = path.join(PRISMA_DIR, 'postgres');
export const POSTGRES_SCHEMA_PATH = path.join(POSTGRES_DIR, 'schema.prisma');
export const POSTGRES_MIGRATIONS_DIR = path.join(POSTGRES_DIR, 'migrations');
