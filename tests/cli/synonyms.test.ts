// The CLI reads synonym groups from a file (--synonyms): the glossary it writes has one entry under
// the primary with the member as an alias; bad group files are usage errors (exit 2). In-process
// (fake-io.ts); generate.test.ts spawns the binary itself.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from './fake-io';

const DOCS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pipeline', 'fixtures', 'synonyms');

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'gg-cli-syn-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('genglossary generate --synonyms', () => {
  it('folds the members into the primary entry, listed as aliases', async () => {
    const groups = path.join(work, 'groups.txt');
    await writeFile(groups, '# primary, members\nvirtual DOM， 仮想 DOM\n');
    const out = path.join(work, 'g.json');
    const r = await runInProcess(['generate', '--input', DOCS, '--output', out, '--synonyms', groups, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8')) as { terms: { text: string; aliases: string[] }[]; entries: { term: string; aliases: string[] }[] };
    expect(doc.entries.find((e) => e.term === 'virtual DOM')?.aliases).toContain('仮想 DOM');
    expect(doc.entries.map((e) => e.term)).not.toContain('仮想 DOM');
    expect(doc.terms.map((t) => t.text)).not.toContain('仮想 DOM');
  });

  it.each([
    ['virtual DOM\n', /fewer than two different terms/],
    ['virtual DOM, Virtual-DOM\n', /fewer than two different terms/],
    ['virtual DOM, 仮想 DOM\ncomponent, 仮想DOM\n', /"仮想DOM" is in two synonym groups/],
  ])('refuses %j (exit 2, nothing written)', async (content, message) => {
    const groups = path.join(work, 'groups.txt');
    await writeFile(groups, content);
    const r = await runInProcess(['generate', '--input', DOCS, '--output', path.join(work, 'g.md'), '--synonyms', groups]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await readdir(work)).toEqual(['groups.txt']);
  });
});
