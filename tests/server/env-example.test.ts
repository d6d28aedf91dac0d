// .env.example documents every variable src/config.ts reads, with the real defaults.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';

const root = path.resolve(import.meta.dirname, '../..');

function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describe('.env.example', () => {
  it('lists every variable of src/config.ts and nothing else', async () => {
    const source = await readFile(path.join(root, 'src/config.ts'), 'utf8');
    const schema = source.slice(source.indexOf('const EnvSchema'), source.indexOf('export type Env'));
    const read = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]).sort();
    const documented = Object.keys(parseEnvFile(await readFile(path.join(root, '.env.example'), 'utf8'))).sort();
    expect(documented).toEqual(read);
  });

  it('gives the same configuration as no environment at all (its values are the defaults)', async () => {
    const values = parseEnvFile(await readFile(path.join(root, '.env.example'), 'utf8'));
    expect(loadConfig(values)).toEqual(loadConfig({}));
  });
});
