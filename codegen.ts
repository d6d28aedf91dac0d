// Typed documents for the operations in examples/operations, generated from the committed
// schema.graphql (`npm run codegen`). tests/schema/codegen.test.ts fails when examples/gql is stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

export const CODEGEN_OUTPUT = 'examples/gql/';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    [CODEGEN_OUTPUT]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Custom scalars as they travel in JSON.
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
