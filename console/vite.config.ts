// Builds the console to console/dist (served by src/http/console-assets.ts at `/`), and in dev
// (`npm run console:dev`) proxies /graphql — HTTP and graphql-ws — to a server already running.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { graphqlDocumentImports } from './graphql-document-imports.ts';

const root = import.meta.dirname;
// The dev proxy's target; the same default port as `npm start`.
const apiTarget = process.env.GENGLOSSARY_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root,
  base: '/',
  plugins: [graphqlDocumentImports({ artifactDirectory: path.join(root, 'src', 'gql') }), react()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // Hashed names under /assets/: the server caches them for a year, index.html not at all.
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    proxy: {
      '/graphql': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
});
