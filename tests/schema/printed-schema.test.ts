import { readFile } from 'node:fs/promises';
import { isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printedSchema, SCHEMA_FILE } from '../../scripts/print-schema';
import { buildSchema } from '../../src/schema/index';

describe('schema.graphql', () => {
  it('is the printed Pothos schema (run `npm run schema:print` after changing src/schema)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    expect(committed === printedSchema(), 'schema.graphql is stale: run `npm run schema:print`').toBe(true);
  });

  it('has no field or argument that could carry a secret', () => {
    const names: string[] = [];
    for (const type of Object.values(buildSchema().getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type)) {
        for (const field of Object.values(type.getFields())) names.push(field.name, ...field.args.map((a) => a.name));
      } else if (isInputObjectType(type)) {
        names.push(...Object.keys(type.getFields()));
      }
    }
    // The token API is the one exception, by design: CreatedApiToken.token hands a new API token to
    // the admin who created it, once (it is stored hashed); the other names only mention tokens.
    const tokenApi = ['apiToken', 'apiTokens', 'createApiToken', 'revokeApiToken', 'token', 'tokenName'];
    expect(names.filter((n) => /key$|apiKey|secret|password|token/i.test(n) && n !== 'key' && n !== 'termKey' && !tokenApi.includes(n))).toEqual([]);
  });
});
