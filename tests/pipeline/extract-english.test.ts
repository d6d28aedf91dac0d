import { describe, expect, it } from 'vitest';
import { prepareCorpus } from '../../src/pipeline/corpus';
import { CancelledError } from '../../src/errors';
import { CHECK_EVERY, extractEnglishCandidates, singular } from '../../src/pipeline/extract/english';
import { extractTerms } from '../../src/pipeline/extract/index';
import { conceptSignals } from '../../src/pipeline/extract/signals';
import { recordingContext } from './fixtures';
import type { TermCandidate } from '../../src/pipeline/extract/candidate';
import type { Sentence } from '../../src/pipeline/types';

const never = new AbortController().signal;

function sentencesOf(markdown: string, fileName = 'guide.md'): Sentence[] {
  return prepareCorpus([{ fileName, content: markdown }]).documents[0]!.sentences;
}

/** A candidate's score with the reference-label factor set (1 turns it off). */
async function scoreWithLabelFactor(markdown: string, labelFactor: number, key: string): Promise<number> {
  const list = await extractEnglishCandidates(sentencesOf(markdown), never, undefined, { referenceLabelFactor: labelFactor });
  return list.find((c) => c.key === key)!.score;
}

async function candidates(markdown: string): Promise<Map<string, TermCandidate>> {
  const list = await extractEnglishCandidates(sentencesOf(markdown), never);
  return new Map(list.map((c) => [c.key, c]));
}

describe('English candidates', () => {
  it('takes (ADJ|NOUN|PROPN)* (NOUN|PROPN) phrases and their nested parts, not verbs or determiners', async () => {
    const c = await candidates(
      'The reactive store keeps the application state. A reactive store notifies every watcher. ' +
        'Several watchers read the application state.',
    );
    expect(c.has('reactivestore')).toBe(true);
    expect(c.has('applicationstate')).toBe(true);
    expect(c.has('watcher')).toBe(true);
    // Verbs and determiners never enter a candidate; "several" says how many, not what.
    expect([...c.keys()].some((k) => k.includes('keeps') || k.startsWith('the') || k.startsWith('several'))).toBe(false);
  });

  it('knows a non-term head in the plural too ("examples", "figures")', async () => {
    const c = await candidates('The examples show the parser. More examples follow in the figures.\nThe parser reads tokens.');
    expect(c.has('parser')).toBe(true);
    for (const key of ['example', 'examples', 'figure', 'figures']) expect(c.has(key), key).toBe(false);
  });

  it('reads a comparative the tagger calls a noun as an adjective ("a coarser grind size"), not "water" or "letter"', async () => {
    const c = await candidates('A dark roast needs a coarser grind size or cooler water. The roaster pours water and reads the letter.');
    expect(c.has('coarser')).toBe(false);
    for (const key of ['water', 'letter', 'roaster']) expect(c.has(key), key).toBe(true);
  });

  it('reads a noun-tagged -s word after a subject pronoun, and any after a modal, as the verb ("which returns True")', async () => {
    const c = await candidates(
      'The check which returns True tells the caller. A descriptor that returns a tuple is simple. ' +
        'The lookup will return the member. The encoding defaults to UTF-8; it defaults to the system value.',
    );
    for (const key of ['returnstrue', 'return', 'returns', 'default', 'defaults']) expect(c.has(key), key).toBe(false);
    for (const key of ['check', 'descriptor', 'tuple', 'lookup', 'member', 'encoding']) expect(c.has(key), key).toBe(true);
  });

  it('never takes a contraction ("I\'m", which the tagger reads as a proper noun) into a term', async () => {
    const c = await candidates("I'm only going to talk about sockets. I'm not going to talk about pipes here.\nSockets are endpoints.");
    expect(c.has('socket')).toBe(true);
    expect([...c.keys()].filter((k) => k.startsWith('i'))).toEqual([]);
  });

  it('allows a participle as a modifier inside a noun phrase but not a verb after a preposition', async () => {
    const c = await candidates(
      'Each named slot receives content. The named slot is optional. ' +
        'The rotating blade turns the shaft. You start by using wind sensors.',
    );
    expect(c.has('namedslot')).toBe(true);
    expect(c.has('rotatingblade')).toBe(true);
    expect([...c.keys()].some((k) => k.startsWith('using'))).toBe(false);
  });

  it('re-joins hyphenated words and merges hyphen, space and case variants on one key', async () => {
    const c = await candidates(
      'A state-of-the-art renderer compiles each Single-File Component. ' +
        'The single file component holds a template. Every single-file component has a script block.',
    );
    const renderer = c.get('stateoftheartrenderer');
    expect(renderer?.surfaces.has('state-of-the-art renderer')).toBe(true);
    const sfc = c.get('singlefilecomponent');
    expect(sfc).toBeDefined();
    expect(sfc!.occurrences).toHaveLength(3);
    expect([...sfc!.surfaces.keys()].sort()).toEqual(['Single-File Component', 'single file component', 'single-file component']);
  });

  it('merges plurals on the head noun, including Title Case headings the tagger calls proper nouns', async () => {
    const c = await candidates(
      '# Wind Turbines\n\nA wind turbine converts wind into power. Modern wind turbines have three blades. ' +
        'Each blade is made of glass fibre.',
    );
    const turbine = c.get('windturbine');
    expect(turbine).toBeDefined();
    expect(turbine!.occurrences).toHaveLength(3);
    expect(c.has('windturbines')).toBe(false);
    expect(c.get('blade')?.occurrences).toHaveLength(2);
  });

  it('takes "X of Y" phrases only when asked, never across a determiner', async () => {
    const text =
      'The angle of attack matters. Pilots watch the angle of attack. Two conflicts of interest must be declared. ' +
      'A conflict of interest is serious. ' +
      'This is part of the system.';
    const plain = new Map((await extractEnglishCandidates(sentencesOf(text), never)).map((c) => [c.key, c]));
    expect(plain.has('angleofattack')).toBe(false);
    const withOf = new Map((await extractEnglishCandidates(sentencesOf(text), never, undefined, { ofPhrases: true })).map((c) => [c.key, c]));
    expect(withOf.has('angleofattack')).toBe(true);
    expect(withOf.get('conflictofinterest')?.occurrences).toHaveLength(2);
    expect([...withOf.keys()].some((k) => k.includes('ofthe') || k.startsWith('partof'))).toBe(false);
  });

  it('takes a gerund that closes a noun phrase as its head', async () => {
    const c = await candidates(
      '# Server-Side Rendering\n\nLazy loading keeps the first page small. The bundler supports lazy loading. ' +
        'The server is rendering pages.',
    );
    expect(c.has('serversiderendering')).toBe(true);
    expect(c.get('lazyloading')?.occurrences).toHaveLength(2);
    // After an auxiliary the -ing form is a verb.
    expect([...c.keys()].some((k) => k.endsWith('rendering') && k !== 'serversiderendering')).toBe(false);
  });

  it('takes a compound whose head wink tags an adjective or verb when the text uses that word as a noun', async () => {
    const c = await candidates(
      [
        'A class variable is shared by all instances. Open the text file and read it.',
        'Python has no declared variables. Its functions read their variables by name. Each file has a name.',
        'Class variables live in the class. The file is small. Write the file twice.',
      ].join(' '),
    );
    // "variable" and "file" close their phrases after a determiner and a noun, and the text uses
    // both as nouns elsewhere ("variables" three times, "file" four).
    expect(c.get('classvariable')?.occurrences).toHaveLength(2);
    expect(c.has('textfile')).toBe(true);
    // A word the text never uses as a noun stays what wink says: "the data available" has no head "available".
    const d = await candidates('The data available is small. Keep the data available. The data grows.');
    expect(d.has('dataavailable')).toBe(false);
  });

  it('folds a plural acronym into its singular, never a word into an acronym', async () => {
    const c = await candidates('An SFC holds a template. SFCs need a build step. The SERI airfoil series is old. A series of tests ran.');
    expect(c.get('sfc')?.occurrences).toHaveLength(2);
    expect(c.has('sfcs')).toBe(false);
    expect(c.get('series')?.surfaces.has('SERI')).toBe(false);
  });

  it('keeps nouns whose lemma is another word form or a different word', () => {
    expect(singular('policies', 'policy')).toBe('policy');
    expect(singular('analyses', 'analyzes')).toBe('analysis');
    expect(singular('status', 'status')).toBe('status');
    expect(singular('data', 'datum')).toBe('data');
    expect(singular('women', 'woman')).toBe('woman');
  });

  it('keeps a British text\'s spelling where wink lemmatises to the American one', async () => {
    expect(singular('offences', 'offense')).toBe('offence');
    expect(singular('colours', 'color')).toBe('colour');
    expect(singular('organisations', 'organization')).toBe('organisation');
    expect(singular('programmes', 'program')).toBe('programme');
    // So the plural meets its singular under one key.
    const c = await candidates('A criminal offence is punished. Criminal offences are listed. Each offence has a penalty.');
    expect(c.get('criminaloffence')?.occurrences).toHaveLength(2);
    expect(c.has('criminaloffense')).toBe(false);
  });

  it('takes inline code spans as candidates even when the tagger sees no noun phrase', async () => {
    const c = await candidates('Bind the input with `v-model` and read it later.\n\nThe `v-model` directive is two-way.');
    const code = c.get('vmodel');
    expect(code).toBeDefined();
    expect(code!.surfaces.get('v-model')).toBeGreaterThanOrEqual(1);
  });

  it('records file, exact line and a context snippet for each occurrence', async () => {
    const sentences = sentencesOf('# Guide\n\nThe reconciler walks the tree and\nthe reconciler schedules each update.\n', 'docs/a.md');
    const list = await extractEnglishCandidates(sentences, never);
    const reconciler = list.find((c) => c.key === 'reconciler')!;
    expect(reconciler.occurrences.map((o) => [o.fileName, o.line])).toEqual([
      ['docs/a.md', 3],
      ['docs/a.md', 4],
    ]);
    expect(reconciler.occurrences[0]!.context).toContain('reconciler');
  });

  it('ranks domain terms above general words', async () => {
    const text = Array.from(
      { length: 6 },
      (_, i) => `The hydration step ${i} attaches listeners while people wait. Hydration reuses the server markup for people.`,
    ).join(' ');
    const list = await extractEnglishCandidates(sentencesOf(text), never);
    const rank = (key: string) => list.findIndex((c) => c.key === key);
    expect(rank('hydration')).toBeGreaterThanOrEqual(0);
    expect(rank('people')).toBeGreaterThan(rank('hydration'));
    expect(rank('servermarkup')).toBeLessThan(rank('people'));
  });

  it('lets a phrase of general words that always go together rank on its own specificity (cohesion)', async () => {
    // "context manager": both words are general English, but this text writes them together every
    // time; "old house" is two general words that also go their own ways.
    const text =
      Array.from({ length: 5 }, (_, i) => `A context manager ${i} opens the file and the context manager closes it.`).join(' ') +
      ' ' +
      Array.from({ length: 5 }, (_, i) => `The old house ${i} has an old roof, and every house has a door.`).join(' ');
    const sentences = sentencesOf(text);
    const score = async (cohesionWeight: number, key: string) =>
      (await extractEnglishCandidates(sentences, never, undefined, { cohesionWeight })).find((c) => c.key === key)!.score;
    expect(await score(0.75, 'contextmanager')).toBeGreaterThan(await score(0, 'contextmanager'));
    // "old house" is written apart from its words too: it gains far less.
    const gain = async (key: string) => (await score(0.75, key)) / (await score(0, key));
    expect(await gain('oldhouse')).toBeLessThan(await gain('contextmanager'));
  });

  it('penalises reference labels such as "Figure 3" and counts a repeated template sentence once', async () => {
    const repeated = Array.from({ length: 8 }, () => 'Fill in the cover sheet.').join('\n\n');
    const text =
      'The rotor drives the generator (see Figure 1 and Figure 2). The rotor hub holds the blades, as Figure 3 shows. ' +
      'The generator feeds the grid.\n\n' +
      repeated;
    const list = await extractEnglishCandidates(sentencesOf(text), never);
    const rank = (key: string) => list.findIndex((c) => c.key === key);
    expect(rank('rotor')).toBeLessThan(rank('figure') < 0 ? Infinity : rank('figure'));
    // All eight occurrences are kept for the glossary; only the ranking counts the sentence once.
    expect(list.find((c) => c.key === 'coversheet')?.occurrences).toHaveLength(8);
    expect(rank('coversheet')).toBeGreaterThan(rank('generator'));
  });

  it('does not take an acronym followed by a number (PEP 8, RFC 2616) for a reference label: it names a series', async () => {
    const text =
      'The style guide follows PEP 8 and PEP 257. Type hints came with PEP 484. See Article 2 and Article 3 on the parser. ' +
      'The parser reads the source, as Article 4 says.';
    const scoreOf = (labelFactor: number, key: string) => scoreWithLabelFactor(text, labelFactor, key);
    // The label factor still demotes the layout word, and leaves the acronym's score as it is.
    expect(await scoreOf(0.2, 'article')).toBeLessThan(await scoreOf(1, 'article'));
    expect(await scoreOf(0.2, 'pep')).toBe(await scoreOf(1, 'pep'));
  });

  it('demotes a unit and what it measures after a number ("300 KB gzip"), not a name a figure number precedes', async () => {
    const text =
      'The page script has a 300 KB gzip budget. The vendor chunk is 120 KB gzip. The worker takes 390 MB RSS at most. ' +
      'Figure 1.3 Darrieus rotor shows the blades. Figure 2 Darrieus rotor shows the shaft. The page script loads the vendor chunk.';
    const scoreOf = (labelFactor: number, key: string) => scoreWithLabelFactor(text, labelFactor, key);
    expect(await scoreOf(0.2, 'kbgzip')).toBeLessThan(await scoreOf(1, 'kbgzip'));
    expect(await scoreOf(0.2, 'mbrss')).toBeLessThan(await scoreOf(1, 'mbrss'));
    // A capitalised name after a figure's number is the figure's caption, not a quantity.
    expect(await scoreOf(0.2, 'darrieusrotor')).toBe(await scoreOf(1, 'darrieusrotor'));
    expect(await scoreOf(0.2, 'pagescript')).toBe(await scoreOf(1, 'pagescript'));
  });

  it('reads a possessive the tagger left on its noun before a full stop as no term ("as much as the server\'s.")', async () => {
    const c = await candidates("Latency is the machine's as much as the server's. The server keeps a cache. The user's view is fine.");
    expect([...c.keys()].filter((k) => /['’]s$/.test(k))).toEqual([]);
    for (const key of ['server', 'machine', 'cache', 'user']) expect(c.has(key), key).toBe(true);
  });

  it('tells person names, organisations and general nouns apart where the text allows', async () => {
    const list = await extractEnglishCandidates(
      sentencesOf(
        'The report was written by Dr. Margaret Hollis. Dr. Margaret Hollis works with Acme Corporation. ' +
          'Acme Corporation builds the house. The house has a turbine controller.',
      ),
      never,
    );
    const category = (key: string) => list.find((c) => c.key === key)?.category;
    expect(category('margarethollis')).toBe('person_name');
    expect(category('acmecorporation')).toBe('organization');
    expect(category('house')).toBe('common_noun');
    expect(category('turbinecontroller')).toBe('technical_term');
  });
});

describe('English extraction cancellation', () => {
  it('rejects at once when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(extractEnglishCandidates(sentencesOf('A reactive store.'), controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });

  it('stops within one batch of sentences after an abort', async () => {
    const text = Array.from({ length: CHECK_EVERY * 5 }, (_, i) => `Sentence ${i} mentions the reactive store.`).join('\n\n');
    const sentences = sentencesOf(text);
    const controller = new AbortController();
    const reports: number[] = [];
    const run = extractEnglishCandidates(sentences, controller.signal, (done) => {
      reports.push(done);
      controller.abort();
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    // Aborted at the first report: no second batch was tagged.
    expect(reports).toEqual([CHECK_EVERY]);
  });
});

describe('code names in English prose', () => {
  // The score of each key with the code-identifier factor and without it: equal means "not code".
  async function scoresWithAndWithoutCodeFactor(content: string, keys: string[]): Promise<Map<string, [number, number]>> {
    const corpus = prepareCorpus([{ fileName: 'logging.md', content }]);
    const run = async (tuning: object) => new Map((await extractTerms(corpus, { maxTerms: 500 }, recordingContext(), tuning)).map((t) => [t.key, t.score]));
    const [penalised, plain] = [await run({}), await run({ codeFactor: 1 })];
    return new Map(keys.map((k) => [k, [penalised.get(k) ?? NaN, plain.get(k) ?? NaN]]));
  }

  it('takes a CamelCase name the text also writes as code (logging.LogRecord) for a class, not a brand the text never does', async () => {
    const doc = [
      'Each event becomes a LogRecord in the handler.',
      'The handler formats the LogRecord with its format string.',
      'A filter may drop the LogRecord before the handler sees it.',
      'The LogRecord carries the message and the level of the event.',
      'Create one with logging.LogRecord when you test a handler.',
      'The JavaScript console shows each event too. The JavaScript client reads the level of each event.',
      // A lower-case namesake in code (`schema.graphql`, graphql()) and "a PostgreSQL instance" are no
      // code uses of the brands.
      'The GraphQL schema is printed to schema.graphql, and each query is written with graphql() in the client.',
      'The GraphQL server stores each event in a PostgreSQL instance. PostgreSQL keeps the level of each event.',
      'A GraphQL query asks for the level of an event. GraphQL subscriptions follow the events as they come.',
      'PostgreSQL serves many servers at once. Each server reads PostgreSQL through one pool.',
    ].join('\n\n');
    const scores = await scoresWithAndWithoutCodeFactor(doc, ['logrecord', 'javascript', 'graphql', 'postgresql']);
    const [logRecord, logRecordPlain] = scores.get('logrecord')!;
    expect(logRecord).toBeLessThan(logRecordPlain);
    for (const brand of ['javascript', 'graphql', 'postgresql']) {
      const [score, plain] = scores.get(brand)!;
      expect(score, brand).toBe(plain);
    }
  });

  it('takes "a TypeError exception" for the class name it is: code like TypeError itself', async () => {
    const doc = [
      'Adding a number to a string raises a TypeError exception.',
      'The handler catches the TypeError exception and logs the message.',
      'A TypeError exception carries the message of the failed operation.',
      'The message of a failed operation names both operand types.',
    ].join('\n\n');
    const scores = await scoresWithAndWithoutCodeFactor(doc, ['typeerrorexception']);
    const [phrase, phrasePlain] = scores.get('typeerrorexception')!;
    expect(phrase).toBeLessThan(phrasePlain);
  });
});

describe('what the text defines', () => {
  it('reads no definition in an aside in parentheses ("(… this is called builtins.)")', () => {
    const sentences = sentencesOf(
      'Names live in namespaces. (The built-in names also live in a module; this is called builtins.)\n\n' +
        'The outer scope of a module is called the global scope.',
    );
    const signals = conceptSignals(sentences);
    expect(signals.defined.has('globalscope')).toBe(true);
    expect(signals.defined.has('builtins')).toBe(false);
    expect(signals.defined.has('builtin')).toBe(false);
  });
});
