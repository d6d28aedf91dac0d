// Prisma CLI configuration (Prisma 7 reads the datasource URL from here, not from the schema).
// The server itself does not use this file: src/config.ts reads DATABASE_URL and src/db opens it.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/genglossary.db' },
});
