// The typed operations in examples/gql are what codegen makes of schema.graphql and
// examples/operations today, and the typed client type-checks against them.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config, { CODEGEN_OUTPUT } from '../../codegen';
import { startTestServer } from '../support/graphql-server';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('codegen', () => {
  it('examples/gql matches a fresh generation (run `npm run codegen` after changing operations or the schema)', async () => {
    const output = (await generate({ ...config, cwd: root, silent: true }, false)) as { filename: string; content: string }[];
    expect(output.length).toBeGreaterThan(0);
    for (const file of output) {
      expect(path.normalize(file.filename).startsWith(path.normalize(CODEGEN_OUTPUT))).toBe(true);
      const committed = await readFile(path.join(root, file.filename), 'utf8').catch(() => '(missing)');
      expect(committed === file.content, `${file.filename} is stale: run \`npm run codegen\``).toBe(true);
    }
  }, 60_000);

  it('the typed client type-checks (tsc --noEmit)', async () => {
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const args = [tsc, '--noEmit', '--strict', '--noUncheckedIndexedAccess', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--skipLibCheck', '--esModuleInterop', '--types', 'node', 'examples/typed-client.ts'];
    const result = await run(process.execPath, args, { cwd: root }).then(
      () => ({ code: 0, out: '' }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
    expect(result.out).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it('the typed client starts a run on the demo project and prints every line until it ends', async () => {
    const server = await startTestServer({ SEED_DEMO: 'true' });
    try {
      const { projects } = await server.ok(`{ projects { id } }`);
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/typed-client.ts', projects[0].id, 'FULL'], {
        cwd: root,
        env: { ...process.env, GENGLOSSARY_URL: server.url },
      });
      const after = await server.ok(`{ projects { currentRun { id status lastSeq } } }`);
      const ended = after.projects[0].currentRun;
      expect(ended.status).toBe('COMPLETED');
      const seqs = [...stdout.matchAll(/^ *(\d+) (?:DEBUG|INFO|WARN|ERROR)/gm)].map((m) => Number(m[1]));
      expect(seqs).toEqual(Array.from({ length: ended.lastSeq }, (_, i) => i + 1));
      expect(stdout).toContain(`run ${ended.id} ended COMPLETED`);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
