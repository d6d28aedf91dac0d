import { describe, expect, it } from 'vitest';
import { MemoryGlossaryStore } from '../../src/pipeline/memory-store';
import type { ProvisionalEntry } from '../../src/pipeline/types';

const entry = (termKey: string, definition: string, editedByUser = false): ProvisionalEntry => ({
  termKey,
  term: termKey,
  definition,
  confidence: 0.5,
  sources: [],
  occurrences: [],
  editedByUser,
});

describe('MemoryGlossaryStore.saveProvisional', () => {
  it('keeps user edits over new entries, and keeps an edit whose term is no longer extracted', async () => {
    const store = new MemoryGlossaryStore({ documents: [] });
    await store.saveProvisional([entry('a', 'old a'), entry('b', 'old b')]);
    const [a, b] = await store.loadProvisional();
    await store.saveProvisional([{ ...a!, definition: 'user a', editedByUser: true }, { ...b!, definition: 'user b', editedByUser: true }]);

    await store.saveProvisional([entry('a', 'engine a'), entry('c', 'engine c')]);
    const after = await store.loadProvisional();
    expect(after.map((e) => [e.termKey, e.definition])).toEqual([
      ['a', 'user a'],
      ['c', 'engine c'],
      ['b', 'user b'],
    ]);
  });
});
