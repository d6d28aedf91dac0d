import { describe, expect, it } from 'vitest';
import { prepareCorpus } from '../../src/pipeline/corpus';
import { normalizeKey } from '../../src/pipeline/normalize';
import {
  englishGenus,
  findDefinitionCandidates,
  generaDiffer,
  isTermBoundary,
  japaneseGenus,
  matchTerm,
  termPattern,
} from '../../src/pipeline/offline/definitions';
import { findContradiction } from '../../src/pipeline/offline/review';

const corpusOf = (content: string, fileName = 'a.md') => prepareCorpus([{ fileName, content }]);
const best = (content: string, text: string) =>
  findDefinitionCandidates(corpusOf(content), { key: normalizeKey(text), text, occurrences: [] })[0];

describe('term matching', () => {
  it('matches case, hyphen/space, trailing ー and plural variants', () => {
    const p = termPattern(['single-file component'])!;
    expect(matchTerm(p, 'Single File Components are nice').map((m) => m.surface)).toEqual(['Single File Component']);
    const ja = termPattern(['サーバー'])!;
    expect(matchTerm(ja, 'サーバとサーバーがある').map((m) => m.surface)).toEqual(['サーバ', 'サーバー']);
  });

  it('lets a space come and go where Japanese meets Latin (仮想DOM / 仮想 DOM)', () => {
    expect(matchTerm(termPattern(['仮想DOM'])!, '仮想 DOM と仮想DOM').map((m) => m.surface)).toEqual(['仮想 DOM', '仮想DOM']);
    expect(matchTerm(termPattern(['Vue のルーター'])!, 'Vueのルーター')).toHaveLength(1);
  });

  it('respects word boundaries in Latin, katakana and kanji', () => {
    expect(matchTerm(termPattern(['store'])!, 'restore the datastore, not the store')).toHaveLength(1);
    expect(matchTerm(termPattern(['サーバ'])!, 'サーバント')).toHaveLength(0);
    expect(matchTerm(termPattern(['状態'])!, '状態管理と状態')).toHaveLength(1);
    expect(isTermBoundary('single-file component', 7, 21)).toBe(false);
    expect(isTermBoundary('single-file component', 12, 21)).toBe(true);
  });
});

describe('English definition patterns', () => {
  it.each([
    ['A watcher is a callback that runs on change.', 'watcher', 'is-a'],
    ['Watchers are reusable callbacks that run on change.', 'watcher', 'is-a'],
    ['Hydration is defined as attaching listeners to server HTML.', 'hydration', 'defined-as'],
    ['SSR refers to rendering pages on the server.', 'SSR', 'refers-to'],
    ['A function that returns a template is called a render function.', 'render function', 'called'],
    ['Teleport, which is a built-in component, moves content.', 'Teleport', 'which-is'],
    ['This guide uses the term fallthrough attribute. It means an attribute not declared as a prop.', 'fallthrough attribute', 'the-term'],
    ['By the way, I use the word *attribute* for any name following a dot.', 'attribute', 'the-term'],
    ['It is best to think of a dictionary as a set of key: value pairs.', 'dictionary', 'think-of'],
    ["An object's type determines the operations that the object supports.", 'type', 'does'],
    ['The type of an object determines the operations that the object supports.', 'type', 'does'],
    ['A store manages the shared state of the components.', 'store', 'does'],
    ['A computed property caches the value it derives from other state.', 'computed property', 'does'],
    ['An object is called iterable if you can get an iterator for it.', 'iterable', 'called'],
    ['An argument is a value passed to a function.', 'argument', 'is-a'],
    ['The import path is a list of locations.', 'import path', 'is-a'],
    ['Handlers are responsible for sending each record to its destination.', 'handler', 'is'],
    // A preposition ends the noun phrase: "unique among active tokens" is no plural noun.
    ['Names are unique among active tokens.', 'name', 'is'],
    // After a process noun an -ing word is a gerund that defines it.
    ['Serialization is converting an object into bytes.', 'serialization', 'is'],
    // A key is a kind of thing in a database; a part is a kind too, whatever its adjective.
    ['A foreign key is a key in one table that refers to a row of another.', 'foreign key', 'is-a'],
    ['A lock is a key part of the scheduler.', 'lock', 'is-a'],
    ['Tokens are secrets among the servers of one project.', 'token', 'is-a'],
    // A short noun phrase closing the sentence right after the term names its kind, wherever the term stands.
    ['Generators also become coroutines, a more generalized form of subroutines.', 'coroutine', 'appositive'],
    ['The rules were compiled by the ICC, an employers\' organization.', 'ICC', 'appositive'],
  ])('%s → %s', (content, text, pattern) => {
    expect(best(content, text)?.pattern ?? 'mention').toBe(pattern);
  });

  it('takes a statement scoped to an example ("In the following example, …", 「以下の例では、…」) only as a last resort', () => {
    expect(best('In the following example, a handler is the function that logs.\n\nA handler is an object that sends log records to a destination.', 'handler')?.text).toBe(
      'A handler is an object that sends log records to a destination.',
    );
    expect(best('以下の例では、ハンドラとはログを書く関数のことです。\n\nハンドラとは、ログレコードを出力先に送るオブジェクトのことです。', 'ハンドラ')?.text).toBe(
      'ハンドラとは、ログレコードを出力先に送るオブジェクトのことです。',
    );
  });

  it('gives a definition scoped to a context ("In pattern matching, …", 「パターンマッチでは、…」) less confidence than a plain one', () => {
    const plain = best('A mapping is a class that registers as Mapping.', 'mapping')!;
    const scoped = best('In pattern matching, a mapping is a class that registers as Mapping.', 'mapping')!;
    expect([plain.pattern, scoped.pattern]).toEqual(['is-a', 'is-a']);
    expect(scoped.score).toBeLessThan(plain.score - 0.1);
    // "In general," scopes nothing.
    expect(best('In general, a mapping is a class that registers as Mapping.', 'mapping')!.score).toBe(plain.score);
    const jaPlain = best('マッピングとは、キーで値を引くコンテナのことです。', 'マッピング')!;
    const jaScoped = best('パターンマッチでは、マッピングとは、キーで値を引くコンテナのことです。', 'マッピング')!;
    expect(jaScoped.score).toBeLessThan(jaPlain.score - 0.1);
    // Between a scoped and a plain definition, the plain one is quoted.
    expect(best('In pattern matching, a mapping is a class that registers as Mapping.\n\nA mapping is a container with key lookups.', 'mapping')!.text).toBe(
      'A mapping is a container with key lookups.',
    );
  });

  it('reads a relational noun as defined only of a generic bearer, and "think of" only with "as"', () => {
    // "the module's name" is one module's; "think of the search … as" pictures something else.
    expect(best("The module's name is stored in a global variable.", 'name')?.pattern).toBe('mention');
    expect(best('The name of the module is stored in a global variable.', 'name')?.pattern).toBe('mention');
    expect(best('You can think of a dictionary lookup as fast.', 'dictionary')?.pattern).toBe('mention');
    expect(best('Think of a dictionary when you need keys.', 'dictionary')?.pattern).toBe('mention');
  });

  // Sentences that mention the term without defining it: the fallback mention is all they give.
  it.each([
    // "the called function" is a call, not a name, even with "when" after it.
    ['Arguments are stored in the local table of the called function when it is called.', 'function'],
    // A definite plural speaks of particular ones, not the kind.
    ['The arguments are those passed to the constructor.', 'argument'],
    ['The handlers describe where each record goes.', 'handler'],
    // "what is known as X" stands for X: the sentence names it and says nothing about it.
    ['What we did is specify what is known as a positional argument.', 'positional argument'],
    // A property, a likeness or a state is no answer to what the thing is.
    ['Lists are mutable, and their items can be replaced.', 'list'],
    ['The import machinery is extensible, so new finders can be added.', 'import machinery'],
    ['The syntax is similar to the unpacking of a tuple.', 'syntax'],
    // The genus is what the text talks about, not a kind the term belongs to.
    ['Regular expressions are a complex topic.', 'regular expression'],
    // So is a role the thing plays in something else.
    ['Most of the time, the rider is the cause of the problem.', 'rider'],
    ['Collection is the goal in dressage and also in jumping.', 'collection'],
    // A judging superlative ranks, whatever its noun ("the most basic elements" still names a kind).
    ['Consistency is the most important quality in the training.', 'consistency'],
    ['UTF-8 is the most common encoding on the web.', 'UTF-8'],
    // "one of the …est": a rank among others too; and an aspect is a part something plays in another.
    ['The walk is one of the hardest gaits to address.', 'walk'],
    ['Impulsion is a key aspect in performing a good travers.', 'impulsion'],
    ['When commands are read from a tty, the interpreter is said to be in interactive mode.', 'interpreter'],
    // A passive with an irregular participle, and what holds only under a condition.
    ['A Python program is read by a parser.', 'Python program'],
    ['If encoding is not specified, the default is platform dependent.', 'default'],
    // So do "refers to" and what the term does: under a condition they say what happens then.
    ['When you assign a list to a variable, the variable refers to the existing list.', 'variable'],
    ['When the template changes, the store records every change.', 'store'],
    // A term that only modifies a compound whose head looks like a verb: the verb must agree with
    // the term and no verb may follow it.
    ['Anti-corruption measures have been integrated within a range of EU policies.', 'anti-corruption'],
    ['The render cache refers to the proxy used by the application.', 'render'],
    // What one is doing (progressive), a comparison "as … as", "subject to": not what it is.
    ['Below, Ashley is demonstrating a travers that is losing the bend.', 'Ashley'],
    ['Riders are linking disparate pieces of music together.', 'rider'],
    ['The contact is as unique to every horse as a handshake.', 'contact'],
    ['The implementation is subject to future monitoring.', 'implementation'],
    // A closing phrase after "If …," belongs to the main clause; a list or a phrase with a clause
    // of its own ("a convention that …" sums up the sentence) names no kind of the term before it.
    ['If the traceback is modified in an except clause, a subsequent raise statement re-raises it.', 'clause'],
    ['The constructor takes two arguments -- a message format string, a date format string and a style.', 'format string'],
    ['The library uses ASCII characters for identifiers, a convention that portable code should follow.', 'identifier'],
  ])('%s → mention (%s)', (content, text) => {
    expect(best(content, text)?.pattern).toBe('mention');
  });

  it('gives each term the clause that defines it, unless that clause refers back', () => {
    const c = best('A roaster controls heat over time; the record of bean temperature against time is called the roast profile.', 'roast profile')!;
    expect(c.pattern).toBe('called');
    expect(c.text).toBe('The record of bean temperature against time is called the roast profile.');
    // The first clause is the roaster's own: the second defines another term.
    const roaster = best('A roaster controls heat over time; the record of bean temperature against time is called the roast profile.', 'roaster')!;
    expect(roaster.text).toBe('A roaster controls heat over time.');
    // The defining clause first: the clauses after it stay, as the rest of a paragraph would.
    expect(best('A ledger is a book of accounts; each page lists entries.', 'ledger')!.text).toBe('A ledger is a book of accounts; each page lists entries.');
    // "this is called X" names what the clause before it said.
    expect(best('Fresh beans release gas for days; this is called degassing.', 'degassing')!.text).toBe('Fresh beans release gas for days; this is called degassing.');
  });

  it('ends an English definition where a coordinated clause with a subject of its own begins (", so the …", ", and its …")', () => {
    expect(best('The path based finder is a meta path finder, so the import machinery begins the search with it.', 'path based finder')!.text).toBe(
      'The path based finder is a meta path finder.',
    );
    expect(best('CPython is the one implementation in wide use, and its quirks are worth a mention.', 'CPython')!.text).toBe('CPython is the one implementation in wide use.');
    // A list that ends ", and the …" has no verb of its own: it stays.
    expect(best('A record is a tuple of a name, a date, and the amounts.', 'record')!.text).toBe('A record is a tuple of a name, a date, and the amounts.');
  });

  it('reads what was just described as the definition of a term the author names in bold after "this" / 「この」', () => {
    const md = 'Fresh beans release carbon dioxide for several days; this **degassing** is why a brew with fresh beans shows a large **bloom**.';
    const degassing = best(md, 'degassing')!;
    expect(degassing.pattern).toBe('this-named');
    expect(degassing.text).toBe('Fresh beans release carbon dioxide for several days.');
    // The other bold term of the sentence is only mentioned.
    expect(best(md, 'bloom')!.pattern).toBe('mention');
    const opening = best('Water reaches the dry grounds and they swell as gas escapes. This **bloom** lasts half a minute.', 'bloom')!;
    expect([opening.pattern, opening.text]).toEqual(['this-named', 'Water reaches the dry grounds and they swell as gas escapes.']);
    expect(opening.sources.map((o) => o.line)).toEqual([1]);
    const ja = best('豆は焙煎後も数日間、二酸化炭素を出し続けます。この**脱気**が終わるまで豆を休ませます。', '脱気')!;
    expect([ja.pattern, ja.text]).toEqual(['this-named', '豆は焙煎後も数日間、二酸化炭素を出し続けます。']);
  });

  it.each([
    ['Call the parser on each file; this function returns a tree.', 'function'],
    ['Call the parser on each file; this `parser` returns a tree.', 'parser'],
    ['It swells. This **bloom** lasts half a minute.', 'bloom'],
    ['豆を冷まします。この**脱気**が終わるまで豆を休ませます。', '脱気'],
  ])('does not read %s as naming what came before (%s: not marked, or too little described)', (content, text) => {
    expect(best(content, text)?.pattern ?? 'mention').toBe('mention');
  });

  it('reads "This is a …" right under a heading that names the term as its definition, with the name for the pronoun', () => {
    const c = best('## CPython\n\nThis is the original implementation of Python, written in C.\n\nCPython runs most programs.', 'CPython')!;
    expect(c.pattern).toBe('section-this');
    expect(c.text).toBe('CPython is the original implementation of Python, written in C.');
    const ja = best('## CPython\n\nこれは最も保守されている初代の Python 実装です。\n\nCPython は広く使われています。', 'CPython')!;
    expect(ja.pattern).toBe('section-this');
    expect(ja.text).toBe('CPythonは最も保守されている初代の Python 実装です。');
    // Under a heading about something else, or not the section's first sentence: "This" is someone else.
    expect(best('## Implementations\n\nThis is the original implementation of Python.\n\nCPython runs most programs.', 'CPython')!.pattern).toBe('mention');
    expect(best('## CPython\n\nCPython runs most programs.\n\nThis is the original implementation.', 'CPython')!.pattern).toBe('mention');
  });

  it('joins a cataphoric "the term X" sentence with the next one', () => {
    const c = best('This guide uses the term fallthrough attribute. It means an attribute not declared as a prop.', 'fallthrough attribute')!;
    expect(c.text).toBe('This guide uses the term fallthrough attribute. It means an attribute not declared as a prop.');
    // Both sentences stand on one line: one source.
    expect(c.sources.map((o) => o.line)).toEqual([1]);
  });

  it('keeps a "Full Form (ABBR) is a …" definition for the full form', () => {
    expect(best('A Single-File Component (SFC) is a file format for components.', 'Single-File Component')?.pattern).toBe('is-a');
  });

  it('falls back to the first mention with a low confidence', () => {
    const c = best('Navigation guards run before every route change. A navigation guard can cancel it.', 'navigation guard')!;
    expect(c.pattern).toBe('mention');
    expect(c.score).toBeLessThan(0.3);
    expect(c.sources[0]!.line).toBe(1);
  });

  it('prefers, as the fallback, a mention that reads as a sentence over a contents line, a pronoun start, an aside or an announcement', () => {
    const txt = [
      '3.4 Blade Element Theory . . . . . . . . . 33',
      '',
      'It uses the blade element theory for every section.',
      '',
      'These represent blade element theory in its simplest form.',
      '',
      '(Blade element theory is older than the momentum theory of the rotor.)',
      '',
      'The results of blade element theory for each section are as follows:',
      '',
      'The design follows blade element theory with tip-loss corrections for the rotor.',
    ].join('\n');
    const c = findDefinitionCandidates(corpusOf(txt, 'thesis.txt'), { key: 'bladeelementtheory', text: 'blade element theory', occurrences: [] });
    expect(c.map((x) => x.pattern)).toEqual(['mention']);
    // Not the contents line, a pronoun start, an aside in parentheses or an announcement of a list.
    expect(c[0]!.sources[0]!.line).toBe(11);
  });

  it('takes the genus of a plural definition without an article', () => {
    expect(best('Watchers are reusable callbacks that run on change.', 'watcher')?.genus).toBe('callback');
    expect(best('Blades are famous in this region of the country.', 'blade')?.pattern).toBe('is');
  });

  it.each(['The ratio is about 72 in this case.', 'Blades are no longer load limited at all.', 'The rotor is directly connected to the shaft.'])(
    'does not take a degree, quantity or negation for a description: %s',
    (content) => {
      const text = content.split(' ')[1]!;
      expect(best(content, text)?.pattern).toBe('mention');
    },
  );

  it('ignores definitions in code blocks, lists and tables', () => {
    const md = ['```', 'A store is a database.', '```', '', '- A store is a list item.', '', 'We use a store here.'].join('\n');
    const c = best(md, 'store')!;
    expect(c.pattern).toBe('mention');
    expect(c.text).toBe('We use a store here.');
  });

  it('gives a bonus to the first sentence under a heading naming the term, and to emphasis', () => {
    const md = ['Intro: a plugin is a function.', '', '## Plugin', '', 'A **plugin** is a function that adds app-level features.'].join('\n');
    const candidates = findDefinitionCandidates(corpusOf(md), { key: 'plugin', text: 'plugin', occurrences: [] });
    expect(candidates[0]!.text).toBe('A plugin is a function that adds app-level features.');
  });
});

describe('Japanese definition patterns', () => {
  it.each([
    ['仮想 DOM とは、実際の DOM を表現したオブジェクトです。', '仮想 DOM', 'to-wa'],
    ['ストアという用語は、共有された状態の入れ物を指します。', 'ストア', 'to-iu-yougo'],
    ['ミックスインは、コンポーネントの機能を共有する仕組みのことです。', 'ミックスイン', 'no-koto'],
    ['ルーターは、URL とビューの対応を管理する部品を指す。', 'ルーター', 'wo-sasu'],
    ['状態の変化を画面に反映する仕組みをリアクティブシステムと呼ぶ。', 'リアクティブシステム', 'to-yobu'],
    ['ディレクティブ（v-if など）は、テンプレートの特別な属性です。', 'ディレクティブ', 'noun-predicate'],
    ['ウォッチャーは、状態の変化に応じて副作用を実行する仕組みです。', 'ウォッチャー', 'noun-predicate'],
    // A semicolon ends the defining clause as a full stop would (translations keep the original's ";").
    ['イテレータは連続データを表現するオブジェクトです; このオブジェクトは一度に一つの要素を返します。', 'イテレータ', 'noun-predicate'],
    ['キャッシュは計算結果を保存しておく仕組みのことです；古くなった結果は捨てられます。', 'キャッシュ', 'no-koto'],
    // So does 「…が、」 after a finished clause: the sentence's last です is the second clause's.
    ['ジェネレータ式は常に括弧の中に書かなければなりませんが、関数呼び出しの括弧でも大丈夫です。', 'ジェネレータ式', 'mention'],
    ['キャッシュは結果を保存する仕組みですが、古い結果は捨てられます。', 'キャッシュ', 'noun-predicate'],
    // A comparison (「…よりコンパクトです」) is no genus; a genus with a comparative before it is.
    ['ジェネレータ式は完全なジェネレータの定義よりコンパクトです。', 'ジェネレータ式', 'mention'],
    ['タプルはリストより軽いデータ構造です。', 'タプル', 'noun-predicate'],
    // A superlative with a judgement noun ranks (「最も一般的な方法です」); with a kind it defines.
    ['import 文はインポート機構を動かす最も一般的な方法です。', 'import 文', 'mention'],
    ['文字は文章の最も小さな構成要素です。', '文字', 'noun-predicate'],
    // The stative 〜ています says what the term does as the plain form does.
    ['リスト内包表記はリストを生成する簡潔な手段を提供しています。', 'リスト内包表記', 'does'],
    ['算出プロパティは、他の状態から計算される値をキャッシュします。', '算出プロパティ', 'does'],
    ['ウォッチャーは、リアクティブな状態の変化を監視しています。', 'ウォッチャー', 'does'],
    ['終了コードはプログラムが成功したかどうかを表しています。', '終了コード', 'wo-sasu'],
    // Flattened markup leaves spaces around names, also before the copula.
    ['非同期コンテキストマネージャ は、実行を一時停止できる コンテキストマネージャ です。', '非同期コンテキストマネージャ', 'noun-predicate'],
    ['ミックスイン は、機能を共有する仕組みのこと です。', 'ミックスイン', 'no-koto'],
    // 「X という、Y」 gives X a kind; 「検索する X という引数」 only names one argument of a call.
    ['ジェネレータは コルーチン という、より一般化された形式のサブルーチンにもなります。', 'コルーチン', 'to-yobu'],
    ['それぞれのフックは、検索する path entry という引数 1 つを渡して呼び出されます。', 'path entry', 'mention'],
    // Latin in Japanese text keeps its case: lower-case "unicode" is the type's name, not Unicode.
    ['このスライドは Unicode 機能 (Unicode 文字列型が unicode と呼ばれます) の資料です。', 'Unicode', 'mention'],
  ])('%s → %s', (content, text, pattern) => {
    expect(best(content, text)?.pattern).toBe(pattern);
  });

  it('quotes, when nothing defines the term, a mention that has the term as its topic (「X は…」) over an earlier passing one', () => {
    const content = [
      'インスタンスが作られると、値を保持するリストをインスタンスが持ちます。',
      '',
      'リストは、角括弧の中にカンマで区切られた式を並べて作ります。',
    ].join('\n');
    const candidate = best(content, 'リスト');
    expect(candidate?.pattern).toBe('mention');
    expect(candidate?.text).toBe('リストは、角括弧の中にカンマで区切られた式を並べて作ります。');
    // Without a topical mention the first quotable one stays the quote.
    expect(best(content.split('\n')[0]!, 'リスト')?.text).toBe('インスタンスが作られると、値を保持するリストをインスタンスが持ちます。');
  });

  it('quotes a sentence, not a title or a citation without a full stop ("PEP 343 - The "with" statement")', () => {
    const content = ['PEP 343 - "with" ステートメントとコンテキストマネージャ', '', '束縛された名前のスコープは、 PEP 572 で確立されたルールと同じです。'].join('\n');
    expect(best(content, 'PEP')?.text).toBe('束縛された名前のスコープは、 PEP 572 で確立されたルールと同じです。');
    const en = ['PEP 343 - The "with" statement and its context managers', '', 'The binding follows the scoping rules of PEP 572 for assignment expressions.'].join('\n');
    expect(best(en, 'PEP')?.text).toBe('The binding follows the scoping rules of PEP 572 for assignment expressions.');
  });

  it('takes a topical mention in another document over a passing one in the home document', () => {
    const corpus = prepareCorpus([
      { fileName: 'a-methods.md', content: 'リストの末尾に要素を一つ追加します。\n\nリストの要素をすべて削除します。\n\nリストのコピーを返します。' },
      { fileName: 'b-tutorial.md', content: 'リストは、角括弧の中にカンマで区切られた式を並べて作ります。' },
    ]);
    const [candidate] = findDefinitionCandidates(corpus, { key: normalizeKey('リスト'), text: 'リスト', occurrences: [] });
    expect(candidate?.pattern).toBe('mention');
    expect(candidate?.text).toBe('リストは、角括弧の中にカンマで区切られた式を並べて作ります。');
  });

  it('takes the rest of the paragraph with a definition, but not a question to the reader', () => {
    const content = 'キャッシュとは、計算結果を保存しておく仕組みのことです。古い結果は自動的に捨てられます。この説明は役に立ったでしょうか？';
    expect(best(content, 'キャッシュ')?.text).toBe('キャッシュとは、計算結果を保存しておく仕組みのことです。古い結果は自動的に捨てられます。');
  });

  it('does not take with a definition a sentence of its paragraph that ends in a colon (it announces what is not quoted)', () => {
    expect(best('Enumerations are Python classes, and can have methods as usual. If we have this enumeration:', 'enumeration')?.text).toBe(
      'Enumerations are Python classes, and can have methods as usual.',
    );
  });

  it('does not take with a definition a sentence of its paragraph whose subject is code and that does not name the term', () => {
    expect(best('Loggers are plain Python objects. The `addHandler` method has no maximum quota for handlers.', 'logger')?.text).toBe(
      'Loggers are plain Python objects.',
    );
    expect(best('Loggers are plain Python objects. The `logging.getLogger` function returns a new handler list.', 'logger')?.text).toBe(
      'Loggers are plain Python objects.',
    );
    // Code that the sentence says something of the term with goes on with it.
    expect(best('Loggers are plain Python objects. The `logging.getLogger` function returns the same logger for a name.', 'logger')?.text).toBe(
      'Loggers are plain Python objects. The logging.getLogger function returns the same logger for a name.',
    );
  });

  it('does not take with a definition the sentences of its paragraph that speak of the document ("The comment above …", 「前述の…」)', () => {
    expect(best('A slice is a sequence of the same type. The comment above about negative indexes also applies to slices.', 'slice')?.text).toBe(
      'A slice is a sequence of the same type.',
    );
    expect(best('A regex is a pattern for text. This section will point out some common pitfalls.', 'regex')?.text).toBe('A regex is a pattern for text.');
    // "errors or above" is a level, not a place in the document.
    expect(best('A handler is an object that sends records. It logs errors or above to the console.', 'handler')?.text).toBe(
      'A handler is an object that sends records. It logs errors or above to the console.',
    );
    expect(best('スライスとは、シーケンスの一部を取り出したもののことです。前述の負のインデックスの注意はスライスにも当てはまります。', 'スライス')?.text).toBe(
      'スライスとは、シーケンスの一部を取り出したもののことです。',
    );
  });

  it('prefers, between two equally strong definitions, the fuller one over the one in the earlier file', () => {
    const corpus = prepareCorpus([
      { fileName: 'a.md', content: 'まずハンドラを登録します。\n\nハンドラとは、イベントに応じて呼ばれる関数のことです。' },
      {
        fileName: 'b.md',
        content: 'ハンドラとは、イベントに応じて呼ばれる関数のことです。ハンドラはイベントの種類ごとに登録され、イベントの情報を引数として受け取ります。',
      },
    ]);
    const [first] = findDefinitionCandidates(corpus, { key: normalizeKey('ハンドラ'), text: 'ハンドラ', occurrences: [] });
    expect(first?.sentence.fileName).toBe('b.md');
    expect(first?.text).toContain('イベントの種類ごとに登録され');
    const english = prepareCorpus([
      { fileName: 'a.md', content: 'Register the handler first.\n\nA handler is a function called on an event.' },
      { fileName: 'b.md', content: 'A handler is a function called on an event. Handlers are registered per event type and receive the event as their argument.' },
    ]);
    const [en] = findDefinitionCandidates(english, { key: 'handler', text: 'handler', occurrences: [] });
    expect(en?.sentence.fileName).toBe('b.md');
  });

  it.each([
    ['サーバーとは異なり、クライアントは画面を描画する。', 'サーバー'],
    // The name given is longer than the term: 「特別な名前」, 「設定の名前」.
    ['先頭と末尾に二重下線がある名前は、非公式には特別な名前と呼ばれます。', '名前'],
    ['この値を設定の名前と呼びます。', '名前'],
    // A question about the term is no answer to it.
    ['比較演算子は、オブジェクトの値とは何かについての特定の概念を実装しています。', '値'],
    ['では、ストアとは何でしょうか。', 'ストア'],
    ['この仮想 DOM とは、前の章で説明したものです。', '仮想 DOM'],
    ['仮想 DOM とは、実際の DOM を表現したオブジェクトです。', 'DOM'],
    ['コンポーネントは、とても速いです。', 'コンポーネント'],
    ['ストアは状態を保持します。', 'ストア'],
    // What follows the semicolon is another clause: it cannot make the first one a definition.
    ['イテレータは次に進むことしかできません; 前の要素に戻る方法はないオブジェクトです。', 'イテレータ'],
    // An adjectival noun before the copula says how the thing is, not what it is.
    ['プラグインは設定ファイルから読み込むことが可能です。', 'プラグイン'],
    ['キャッシュはこの用途には特に重要です。', 'キャッシュ'],
    ['ストリームは一括読み込みより効率的です。', 'ストリーム'],
    ['正規表現は複雑な話題です。', '正規表現'],
    // 「AとXという…」 names the pair, not X.
    ['この文書では、ディレクトリとファイルという便利な比喩を使います。', 'ファイル'],
    // 「Xという言葉が…」 speaks of the word inside another statement.
    ['話を難しくしているのは、「ソケット」という言葉が文脈によって違うものを指すことだ。', 'ソケット'],
    // A relative clause before the term makes the defined thing a narrower one (public names).
    ['公開された名前とは、アンダースコアで始まらない全ての名前のことです。', '名前'],
  ])('does not treat %s as a definition of %s', (content, text) => {
    expect(best(content, text)?.pattern).toBe('mention');
  });
});

describe('"Term: definition" patterns (glossary lines and list items)', () => {
  const colon = (content: string, text: string) => best(content, text)!;

  it.each([
    ['- **Drying phase**: the beans lose moisture and turn from green to yellow.', 'Drying phase', 'The beans lose moisture and turn from green to yellow.'],
    ['1. **First crack** — water vapour breaks the bean structure with a pop.', 'first crack', 'Water vapour breaks the bean structure with a pop.'],
    ['Bloom – the swelling of fresh grounds when water first reaches them.', 'bloom', 'The swelling of fresh grounds when water first reaches them.'],
    ['* Single-File Component (SFC): a file that bundles template, logic and styles.', 'Single-File Component', 'A file that bundles template, logic and styles.'],
    ['Grind size - how fine the coffee is ground before brewing.', 'grind size', 'How fine the coffee is ground before brewing.'],
    // Code names inside prose do not make it a bare list.
    ['- Comparisons: functions such as `eq()` that compare two values.', 'comparison', 'Functions such as eq() that compare two values.'],
    ['| Brew ratio: the weight of coffee to the weight of water | 1:16 |\n|---|---|\n| a | b |', 'brew ratio', 'The weight of coffee to the weight of water'],
  ])('English: %s', (content, text, definition) => {
    const c = colon(content, text);
    expect(c.pattern).toBe('colon');
    expect(c.text).toBe(definition);
    expect(c.score).toBeGreaterThanOrEqual(0.8);
  });

  it.each([
    ['- **水抜き**：生豆の水分が抜け、色が緑から黄色に変わる段階。', '水抜き', '生豆の水分が抜け、色が緑から黄色に変わる段階。', '段階'],
    ['- **メイラード反応**: 糖とアミノ酸が反応し、多くの香り成分ができる。', 'メイラード反応', '糖とアミノ酸が反応し、多くの香り成分ができる。', null],
    ['1ハゼ ─ 豆の内部の水蒸気が豆を割り、パチパチと音がする現象。', '1ハゼ', '豆の内部の水蒸気が豆を割り、パチパチと音がする現象。', '現象'],
    ['焙煎度：焙煎の進み具合を表す指標', '焙煎度', '焙煎の進み具合を表す指標', '指標'],
  ])('Japanese: %s', (content, text, definition, genus) => {
    const c = colon(content, text);
    expect(c.pattern).toBe('colon');
    expect(c.text).toBe(definition);
    expect(c.genus).toBe(genus);
  });

  it('reads each line of a glossary paragraph as its own entry, citing its line', () => {
    const md = ['Bloom: the swelling of fresh grounds when water first reaches them', 'Degassing: the release of carbon dioxide from freshly roasted beans'].join('\n');
    expect(colon(md, 'bloom').text).toBe('The swelling of fresh grounds when water first reaches them');
    const degassing = colon(md, 'degassing');
    expect(degassing.text).toBe('The release of carbon dioxide from freshly roasted beans');
    expect(degassing.sources[0]!.line).toBe(2);
  });

  it('reads a line of a glossary paragraph after another label line, and no colon in code as a label', () => {
    const md = ['Bloom: the swelling of fresh grounds when water first reaches them', 'Degassing: the release of gas set free by `roast --cool`', 'after the beans leave the drum'].join('\n');
    expect(colon(md, 'degassing').text).toBe('The release of gas set free by roast --cool after the beans leave the drum');
    const wrapped = ['Drying phase: the beans lose moisture, a step the roaster sets with', 'the setting `profile: drying`, and turn from green to yellow.'].join('\n');
    expect(colon(wrapped, 'drying phase').text).toBe('The beans lose moisture, a step the roaster sets with the setting profile: drying, and turn from green to yellow.');
  });

  it('reads "every …"/"each …"/"the …s" as a definition when it says what the label is, not what they do', () => {
    expect(colon('- **Lot**: each bag of one harvest, roasted together.', 'lot').text).toBe('Each bag of one harvest, roasted together.');
    expect(colon('- **Blend**: each of several coffees mixed in one bag.', 'blend').pattern).toBe('colon');
    expect(colon('- **Process**: each process class listed here.', 'process').pattern).toBe('colon');
    expect(colon('- **Queue**: the runs waiting for a worker, oldest first.', 'queue').pattern).toBe('colon');
    expect(colon('- **Blend**: the coffees of several farms, roasted together.', 'blend').pattern).toBe('colon');
    // An acronym may be spelled out in capitals; a sentence may open with a name.
    expect(colon("- GRECO: Group of States against Corruption, the Council of Europe's body.", 'GRECO').pattern).toBe('colon');
    expect(colon('- Kafka: Apache Kafka is a distributed log.', 'Kafka').pattern).toBe('colon');
    // A chain of steps is no mapping.
    expect(colon('- **Pipeline**: extract → provisional → issues → refined.', 'pipeline').pattern).toBe('colon');
  });

  it('stops the definition at the next entry of a nomenclature flattened onto one line (" : ", "; X - ")', () => {
    const md = 'Symbols\n\nCP\n: power coefficient of the rotor : maximum rotor power coefficient : thrust coefficient of the rotor';
    expect(colon(md, 'CP').text).toBe('Power coefficient of the rotor');
    // A ratio is no separator.
    expect(colon('- **Ratio**: the weight of coffee to water, written 1 : 16.', 'ratio').text).toBe('The weight of coffee to water, written 1 : 16.');
    // "; LABEL - …" starts the next entry of a list of symbols written as one paragraph.
    expect(colon('HCO2 - CO2 emissions from thermal power; HLE - Annual amount of thermal power; Eh - Efficiency of production.', 'HCO2').text).toBe(
      'CO2 emissions from thermal power',
    );
    // A semicolon inside a definition is no new entry.
    expect(colon('- **Rest**: beans rest for days; the gas escapes - slowly.', 'rest').text).toBe('Beans rest for days; the gas escapes - slowly.');
  });

  it('stops the definition at an inner sentence end the splitter kept ("196 °C. After …")', () => {
    const md = '3. **First crack**: the beans crack audibly, around 196 °C. After first crack the roast develops.';
    expect(colon(md, 'first crack').text).toBe('The beans crack audibly, around 196 °C.');
  });

  it('takes the genus of a noun-phrase definition, so contradictions are still found', () => {
    expect(colon('- **Bloom**: a swelling of the grounds when water reaches them.', 'bloom').genus).toBe('swelling');
    expect(colon('- **Bloom**: water makes the grounds swell and bubble.', 'bloom').genus).toBeNull();
    const md = ['- **Bloom**: a swelling of the grounds when water reaches them.', '', 'A bloom is a gas release that happens in the cup.'].join('\n');
    const pair = findContradiction(findDefinitionCandidates(corpusOf(md), { key: 'bloom', text: 'bloom', occurrences: [] }));
    expect(pair?.map((c) => c.genus).sort()).toEqual(['release', 'swelling']);
  });

  it('ranks "X is a …" in prose above the colon form at equal bonuses, and the colon form above a first mention', () => {
    const md = ['A **bloom** is a release of gas from fresh grounds.', '', '- **Bloom**: the swelling of the grounds when wet.'].join('\n');
    expect(colon(md, 'bloom').pattern).toBe('is-a');
    expect(colon('We watch the bloom closely.\n\n- **Bloom**: the swelling of the grounds when wet.', 'bloom').pattern).toBe('colon');
  });

  it.each([
    ['Note: the roaster must be preheated for ten minutes.', 'note'],
    ['Example: a light roast ends soon after first crack.', 'example'],
    ['注意：焙煎機は十分に予熱してから使ってください。', '注意'],
    ['Step 1: heat the roaster for ten minutes before use.', 'step'],
    ['Brew ratio:1:16 for a pour-over and 1:2 for espresso.', 'brew ratio'],
    ['Pinia: https://pinia.vuejs.org', 'Pinia'],
    ['The roast level describes how far a roast went: light roast ends soon after first crack.', 'light roast'],
    ['We call this degassing: the release of gas from the beans.', 'degassing'],
    ['- Status: done', 'status'],
    ['- Roast: 12 min', 'roast'],
    // A bare value as the first clause: the field's value, then a remark.
    ['- **aliases**: empty here; the merge step harvests parenthetical aliases from each sentence.', 'alias'],
    // A list of code names says which functions there are, not what the label is.
    ['Comparisons: `eq()`, `ne()`, `lt()`, `le()`, `gt()`, and `ge()`.', 'comparison'],
    ['- Readers: `read_csv`, `read_json` and `io.open`', 'reader'],
    ['Arnd Bronkhorst – arnd.nl) Carl Hester and Nip Tuck demonstrate a walk.', 'Arnd Bronkhorst'],
    ['Shoulder-fore: I start by setting my horse up for a change of rein.', 'shoulder-fore'],
    ['## Bloom: the swelling of the grounds', 'bloom'],
    ['仮想 DOM: 実際の DOM をメモリ上で表現したコピー。', 'DOM'],
    // A label opens an entry: not a sentence that follows another on its line, not a table's later
    // cell, not a line a paragraph was wrapped onto.
    ['Browsers may call it. Subscriptions: graphql-ws, or SSE as a JSON POST.', 'subscription'],
    ['| Check | Where | Cost |\n|---|---|---|\n| Query limits | see api.md | CPU: refused before execution. |', 'CPU'],
    ['Its message names what failed, not a model\nlist — never what the server answered.', 'list'],
    ['The writer batches inserts\n(SQLite: better-sqlite3, WAL, busy timeout), so they run beside the pipelines.', 'SQLite'],
    ['豆は冷ましておきます。焙煎度：焙煎の進み具合を表す指標です。', '焙煎度'],
    ['It is the cost of one. Twice: 100 subscriptions per socket (20\nsockets: a GUI with several views) and one per socket.', 'socket'],
    ['- With a database, batches go to the log store: a worker thread of its own\n  (SQLite: a driver with a busy timeout and a write-ahead log), so inserts run beside runs.', 'SQLite'],
    // Code first says how the label is spelled or called.
    ['- **Ollama** — `POST /api/chat` with the answer\'s schema in `format`, temperature 0.', 'Ollama'],
    ['Enums: `RunScope { FULL EXTRACT REVIEW }`, `RunStatus { PENDING RUNNING }`.', 'enum'],
    ['- **焙煎機** — `roast()` で温度を上げる装置の設定です。', '焙煎機'],
    // An inventory lists what the label holds.
    ['- **Projects**: name, documents, glossary size, last run (status, time); create, clone, rename, delete', 'project'],
    ['- **焙煎度**：浅煎り、中煎り、深煎り、フレンチ', '焙煎度'],
    // What happens to every or each of something else is a scenario under its label.
    ['- batches: every client subscribes to the feed and gets a message per batch.', 'batch'],
    ['- **Seq**: each line gets a number when the writer stores it.', 'seq'],
    // A whole sentence in parentheses is an aside to the one before it.
    ['Names live in namespaces. (The built-in names also live in a module; this is called builtins.)', 'builtin'],
    // "X is as follows:" announces what comes; it says nothing yet.
    ['The syntax is as follows: a name, then a colon, then the value.', 'syntax'],
    ['- Code — the services use one Db type (the SQLite client\'s).', 'code'],
    ['- **Candidates**: wink-nlp (its POS stage only) tags each sentence; hyphenated words are re-joined.', 'candidate'],
    // A mapping gives rules for what the label takes.
    ['- category: every part a proper noun of one subtype → person_name; a lone one-character noun → common_noun.', 'category'],
    // A title in Title Case under a name is no definition.
    ["- Hilda Gurney: Lessons from a Judge's Perspective", 'Hilda Gurney'],
    ['- Steffen Peters: The High-Performance Level', 'Steffen Peters'],
  ])('does not take %s for a definition of %s', (content, text) => {
    expect(best(content, text)?.pattern ?? 'mention').toBe('mention');
  });

  it('still ignores other list items and table cells', () => {
    expect(best('- A bloom is a swelling of the grounds.\n\n| bloom | swelling |\n|---|---|\n| x | y |', 'bloom')?.pattern ?? 'mention').toBe('mention');
  });
});

describe('genus', () => {
  it('takes the head noun of the predicate', () => {
    expect(englishGenus('a reactive store that holds state')).toBe('store');
    expect(englishGenus('the process of rendering')).toBe('process');
    expect(englishGenus('an ordered list of steps')).toBe('list');
    expect(japaneseGenus('状態を持つロジックを再利用するための関数のことです。')).toBe('関数');
    expect(japaneseGenus('テンプレートを持たない特別なコンポーネントです。')).toBe('コンポーネント');
    expect(japaneseGenus('メモリ上で表現したものです。')).toBeNull();
    expect(japaneseGenus('変更を画面に反映する仕組みです。')).toBe('仕組み');
  });

  it('treats a more specific genus as agreeing', () => {
    expect(generaDiffer('ライブラリ', '状態管理ライブラリ')).toBe(false);
    expect(generaDiffer('function', 'container')).toBe(true);
  });
});
