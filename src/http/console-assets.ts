// Serves the built web console (console/dist, see scripts/build-console.mjs): index.html for `/`
// and every client route under /projects/ (never cached, so a new build is picked up at once),
// and the hashed files under /assets/ (cached for a year: a new build has new names). Anything
// else is left to the next handler (GraphQL at /graphql, 404s).
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Route } from './routes';

export const DEFAULT_CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../console/dist');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt', '.map']);

/** Only plain file names inside /assets/ (what Vite emits): no separators, no dot segments. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

const INDEX_HEADERS = {
  'cache-control': 'no-cache',
  // Mantine sets inline styles; no inline scripts are needed.
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>GenGlossary</title>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>The web console is not built</h1>
<p>Build it with <code>npm run console:build</code> (<code>npm start</code> does this by itself), then reload.
The GraphQL API is at <a href="/graphql">/graphql</a>.</p></body></html>`;

export interface ConsoleAssets {
  /** Answers the request and returns true when it is the console's; false leaves it to the next handler. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

export function isConsolePath(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html' || pathname === '/projects' || pathname.startsWith('/projects/');
}

interface CachedAsset {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
}

export function createConsoleAssets(options: { distDir?: string } = {}): ConsoleAssets {
  const distDir = path.resolve(options.distDir ?? DEFAULT_CONSOLE_DIST);
  const assetsDir = path.join(distDir, 'assets');
  // Hashed files never change under one name: read and compress each once.
  const assets = new Map<string, Promise<CachedAsset | null>>();

  const loadAsset = (name: string) => {
    let entry = assets.get(name);
    if (!entry) {
      entry = (async () => {
        const file = path.join(assetsDir, name);
        // Belt and braces: the name pattern already keeps us inside assetsDir.
        if (path.dirname(file) !== assetsDir) return null;
        const info = await stat(file).catch(() => null);
        if (!info?.isFile()) return null;
        const body = await readFile(file);
        const ext = path.extname(name).toLowerCase();
        return { body, gzip: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null, type: CONTENT_TYPES[ext] ?? 'application/octet-stream' };
      })();
      assets.set(name, entry);
      // A miss is not remembered: the file may appear after a build.
      void entry.then((a) => {
        if (!a) assets.delete(name);
      });
    }
    return entry;
  };

  const send = (req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer, gzip: Buffer | null) => {
    const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const payload = gzip && acceptsGzip ? gzip : body;
    res.writeHead(status, {
      ...headers,
      ...(gzip ? { vary: 'Accept-Encoding' } : {}),
      ...(payload === gzip ? { 'content-encoding': 'gzip' } : {}),
      'content-length': String(payload.length),
    });
    res.end(req.method === 'HEAD' ? undefined : payload);
  };

  const fail = (res: ServerResponse, e: unknown) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Could not read the console files: ${(e as Error)?.message ?? e}`);
  };

  return {
    handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      let pathname: string;
      try {
        pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      } catch {
        return false;
      }
      if (isConsolePath(pathname)) {
        readFile(path.join(distDir, 'index.html')).then(
          (body) => send(req, res, 200, { ...INDEX_HEADERS, 'content-type': CONTENT_TYPES['.html']! }, body, null),
          (e: NodeJS.ErrnoException) =>
            e.code === 'ENOENT'
              ? send(req, res, 503, { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-store', 'retry-after': '10' }, Buffer.from(NOT_BUILT_PAGE), null)
              : fail(res, e),
        );
        return true;
      }
      if (pathname.startsWith('/assets/')) {
        let name: string;
        try {
          name = decodeURIComponent(pathname.slice('/assets/'.length));
        } catch {
          name = '';
        }
        const notFound = () => send(req, res, 404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, Buffer.from(`No console asset ${pathname}\n`), null);
        if (!ASSET_NAME.test(name) || name.includes('..')) {
          notFound();
          return true;
        }
        loadAsset(name).then(
          (asset) =>
            asset
              ? send(req, res, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' }, asset.body, asset.gzip)
              : notFound(),
          (e: unknown) => fail(res, e),
        );
        return true;
      }
      return false;
    },
  };
}

/** The console as one of the server's routes (src/http/routes.ts). */
export function consoleRoute(assets: ConsoleAssets): Route {
  return (req, res) => assets.handle(req, res);
}
