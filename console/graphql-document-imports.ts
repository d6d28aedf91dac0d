// Build plugin: every graphql(`query X …`) call in the console becomes an import of the one typed
// document it names (XDocument from src/gql/graphql.ts). Without it each call goes through the
// client preset's map of *all* documents (src/gql/gql.ts), which is neither tree-shakeable nor
// split by route, so every page's queries landed in the first page's script.
// This is the client preset's own Babel optimizer (the route its docs give for bundlers that are
// not SWC); it runs through @babel/core directly because @rolldown/plugin-babel requires Node 22
// and the project supports Node 20.19.
import { transformAsync } from '@babel/core';
import { babelOptimizerPlugin } from '@graphql-codegen/client-preset';
import type { Plugin } from 'vite';

export function graphqlDocumentImports(options: { artifactDirectory: string }): Plugin {
  return {
    name: 'genglossary:graphql-document-imports',
    // Before the TypeScript transform, so Babel sees the template literal as written.
    enforce: 'pre',
    async transform(code, id) {
      const file = id.split('?')[0]!;
      if (!/\.tsx?$/.test(file) || file.includes('/node_modules/') || file.startsWith(options.artifactDirectory)) return null;
      if (!code.includes('graphql(')) return null;
      const result = await transformAsync(code, {
        filename: file,
        babelrc: false,
        configFile: false,
        sourceMaps: true,
        parserOpts: { plugins: ['typescript', 'jsx'] },
        plugins: [[babelOptimizerPlugin, { artifactDirectory: options.artifactDirectory, gqlTagName: 'graphql' }]],
      });
      if (!result?.code) return null;
      return { code: result.code, map: result.map };
    },
  };
}
