// The PostgreSQL schema, derived from prisma/schema.prisma (the one model definition). Prisma
// fixes the provider per schema file, so the second file is generated, never edited: the drift
// test (tests/db/postgres-schema.test.ts) fails when prisma/postgres/schema.prisma is stale.

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:derive\`: do not edit by hand.
// The same models on PostgreSQL (DATABASE_URL=postgresql://…); see docs/database.md.
`;

/**
 * The PostgreSQL schema text for a SQLite schema text: provider postgresql, the client generated
 * to src/db/generated/postgres/client, no Pothos generator (the schema layer takes its types from
 * the SQLite client; the models are the same), and camelCase column names quoted inside raw
 * partial-index conditions (SQLite matches unquoted names case-insensitively, PostgreSQL folds
 * them to lower case).
 */
export function derivePostgresSchema(sqliteSchema: string): string {
  const blocks = splitBlocks(sqliteSchema);
  const out: string[] = [];
  for (const block of blocks) {
    const head = /^(generator|datasource|model)\s+(\w+)/m.exec(block.text);
    if (head?.[1] === 'generator' && head[2] !== 'client') continue;
    let text = block.text;
    if (head?.[1] === 'generator') {
      text = text.replace(/(output\s*=\s*)"[^"]*"/, '$1"../../src/db/generated/postgres/client"');
    } else if (head?.[1] === 'datasource') {
      text = text.replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
    } else if (head?.[1] === 'model') {
      const fields = modelFieldNames(text);
      text = text.replace(/raw\("((?:[^"\\]|\\.)*)"\)/g, (_, condition: string) => `raw("${quoteColumns(condition, fields)}")`);
    }
    out.push(text);
  }
  // The SQLite file's leading comment describes SQLite; ours replaces it.
  const body = out.join('').replace(/^(\s*\/\/[^\n]*\n)+/, '').replace(/^\n+/, '');
  return `${HEADER}\n${body}`;
}

/** Top-level chunks: each generator/datasource/model block with the comments and blank lines before it. */
function splitBlocks(schema: string): { text: string }[] {
  const blocks: { text: string }[] = [];
  const re = /^(?:generator|datasource|model|enum|view|type)\s+\w+\s*\{[\s\S]*?^\}[^\n]*\n?/gm;
  let last = 0;
  for (const m of schema.matchAll(re)) {
    const end = m.index + m[0].length;
    blocks.push({ text: schema.slice(last, end) });
    last = end;
  }
  if (last < schema.length) blocks.push({ text: schema.slice(last) });
  return blocks;
}

function modelFieldNames(model: string): Set<string> {
  const names = new Set<string>();
  for (const line of model.split('\n').slice(1)) {
    const m = /^\s+([A-Za-z_]\w*)\s+\S/.exec(line);
    if (m && !line.trim().startsWith('//') && !line.trim().startsWith('@@')) names.add(m[1]!);
  }
  return names;
}

/** Quotes the model's column names that are not all lower case, outside string literals. */
function quoteColumns(condition: string, fields: Set<string>): string {
  return condition
    .split(/('(?:[^']|'')*')/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(\\")?\b([A-Za-z_]\w*)\b(\\")?/g, (whole, open: string | undefined, name: string, close: string | undefined) =>
            !open && !close && fields.has(name) && name !== name.toLowerCase() ? `\\"${name}\\"` : whole,
          ),
    )
    .join('');
}
