// Which database a URL names. SQLite (`file:…`) is the zero-set-up default; PostgreSQL
// (`postgresql://…` or `postgres://…`) serves many server instances.
export type DbProvider = 'sqlite' | 'postgresql';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function providerOfUrl(url: string): DbProvider {
  return isPostgresUrl(url) ? 'postgresql' : 'sqlite';
}
