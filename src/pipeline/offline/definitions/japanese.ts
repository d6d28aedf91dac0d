// Japanese definition patterns at a mention of the term: 「XとはYである」「XはYのことです」「Xという用語は」
// 「…をXと呼ぶ」「XはYです」, and what X does (「Xは…を管理します」).
import type { TermMatch } from './term-match';
import type { PatternHit } from './types';

const OPEN_MARKS = /^[\s「『"'“‘*_(（]*$/;
const JA_DEMONSTRATIVE = /(?:この|その|あの|どの|各|同|本|新|旧|該)[\s「『]*$/;
const JA_CLAUSE_AFTER_SEMICOLON = /\s*[;；][\s\S]*$/u;
const JA_CLAUSE_AFTER_BUT = /((?:ます|ません|ました|です|でした|である))が[、,][\s\S]*$/u;
const JA_PAREN = /^[」』"'”’*_]*\s*(?:（[^）]{1,80}）|\([^)]{1,80}\))?\s*/;
// 「とは異なり」 compares, 「値とは何か」 asks: neither says what the term is.
const NOT_A_DEFINITION_AFTER_TOWA = /^(?:異な|違|限ら|限り|別に|無関係|関係な|比べ|対照的|何(?:か|で|な|だ|を))/;
const NO_KOTO_END = /(?:のこと|こと|もの)\s?(?:です|である|だ|を指す|を指します|をいう|をいいます)?[。．!！]?$/;
// 「焙煎は生豆を…に変える工程」ではなく「焙煎は生豆を…に変える。」: what the term does (a functional definition).
// The stative 「…を提供しています」 says the same as 「…を提供します」 (「リスト内包表記はリストを生成する簡潔な手段を提供しています」).
const JA_DOES_END = /(?:に変える|に変えます|に変換する|に変換します|を示す|を示します|を管理する|を管理します|を可能にする|を可能にします|を提供する|を提供します|を決める|を決めます|を制御する|を制御します|を記録する|を記録します|を監視する|を監視します|をキャッシュする|をキャッシュします|をまとめる|をまとめます|(?:に変え|に変換し|を示し|を管理し|を可能にし|を提供し|を決め|を制御し|を記録し|を監視し|をキャッシュし|をまとめ)てい(?:る|ます))[。．!！]?$/;
const WO_SASU_END = /(?:を指す|を指します|をいう|をいいます|を言う|を言います|を意味する|を意味します|を表す|を表します|(?:を指し|を意味し|を表し)てい(?:る|ます))[。．!！]?$/;
// Common nouns written with okurigana: hiragana at their end does not make them verbs or adjectives.
export const OKURIGANA_NOUNS = '仕組み|取り組み|組み|手続き|振る舞い|集まり|まとまり|つながり|繋がり|入れ物|受け皿|決まり|区切り|見出し|割り当て|問い合わせ|書き込み|読み込み|呼び出し|引数|戻り値';
// A noun right before the copula: kanji, katakana or Latin (hiragana there means an adjective or verb).
// (Flattened markup may leave a space before the copula: 「… コンテキストマネージャ です。」.)
const NOUN_PREDICATE_END = new RegExp(`(?:[\\p{sc=Han}\\p{sc=Katakana}A-Za-z0-9ー）)」』]|${OKURIGANA_NOUNS})\\s?(?:です|である|だ)[。．!！]?$`, 'u');

// 「インポート機構を動かす最も一般的な方法です」: a superlative with a judgement noun ranks the thing
// among ways of doing something (as "the most common way" does in English).
const JA_RANKING = /(?:最も|もっとも|一番|いちばん)[^、。]{0,15}(?:方法|手段|やり方|選択肢|例|もの)\s?(?:です|である|だ)[。．!！]?$/u;

// 「…することが可能です」「…は重要です」「…より効率的です」: an adjectival noun (形容動詞語幹) before the
// copula says how the thing is — possible, needed, simple — not what it is; nor does a comparison
// (「…の定義よりコンパクトです」) say what it is, only what it is more or less than.
const ADJECTIVAL_PREDICATE_END =
  /(?:より(?:\p{Script=Katakana}+|[^、。\p{Script=Katakana}]{1,3})|可能|不可能|必要|不要|重要|簡単|便利|不便|有効|無効|同様|同じ|自由|任意|容易|困難|危険|安全|十分|不十分|明らか|適切|不適切|正確|有用|単純|複雑|不明|不正|大切|特別|得意|苦手|自然|普通|一般的|的)(?:です|である|だ)[。．!！]?$/u;

// A noun character right before the term means the term is only the tail of a longer compound
// (「仮想 DOM とは」 defines 仮想 DOM, not DOM).
const COMPOUND_BEFORE = /[\p{sc=Han}\p{sc=Katakana}ーA-Za-z0-9] ?$/u;

export function japanesePattern(norm: string, match: TermMatch): PatternHit | null {
  const before = norm.slice(0, match.start);
  if (JA_DEMONSTRATIVE.test(before) || COMPOUND_BEFORE.test(before)) return null;
  const after = norm.slice(match.end).replace(JA_PAREN, '');
  let m: RegExpExecArray | null;
  // 「公開された名前とは…」 defines the modified phrase (public names), not 名前.
  if ((m = /^とは[、,]?\s*/.exec(after)) && !NOT_A_DEFINITION_AFTER_TOWA.test(after.slice(m[0].length)) && !RELATIVE_CLAUSE_BEFORE.test(before)) {
    return { pattern: 'to-wa', predicate: after.slice(m[0].length) };
  }
  if ((m = /^という(?:用語|言葉|語|概念|名前)は[、,]?\s*/.exec(after))) {
    return { pattern: 'to-iu-yougo', predicate: after.slice(m[0].length) };
  }
  // 「… は "クラス" と呼ぶに値しません」 (not worthy of the name) and 「と呼びません」 name nothing.
  // 「…は "dunder" な名前と呼ばれます」 gives the name 「"dunder" な名前」, not 名前: a name a な or の
  // modifier opens is longer than the term.
  // 「ディレクトリとファイルという比喩」: the name is the pair's, not the term's. 「「ソケット」という言葉が
  // 文脈によって違うものを指す」 speaks of the word (the は form is the "the term X" pattern above).
  if (
    /^と(?:呼ぶ|呼び|呼ばれ|呼んで|いう|いい|言う|言い|称する|称し|名付け)/.test(after) &&
    !YOBU_NEGATED.test(after) &&
    !MODIFIED_NAME.test(before) &&
    !COORDINATED_BEFORE.test(before) &&
    !/^という(?:用語|言葉|語|概念|名前)/.test(after) &&
    // 「検索する path entry という引数」: a verb's clause before the name makes it one Y of the
    // sentence's ("the path entry to search, an argument"), not a name for a kind.
    !(/^という/.test(after) && VERB_CLAUSE_BEFORE.test(before))
  ) {
    return { pattern: 'to-yobu', predicate: before };
  }
  if (!OPEN_MARKS.test(before)) return null;
  if ((m = /^は[、,]?\s*/.exec(after))) {
    // A semicolon closes a clause as a full stop would (translations keep the original's ";"):
    // 「イテレータは連続データを表現するオブジェクトです; このオブジェクトは…」 says what it is first.
    // So does 「…が、」 after a finished clause: 「ジェネレータ式は常に括弧の中に書かなければなりませんが、
    // …括弧でも大丈夫です」 ends in a second clause with a subject of its own.
    const predicate = after.slice(m[0].length).replace(JA_CLAUSE_AFTER_SEMICOLON, '').replace(JA_CLAUSE_AFTER_BUT, '$1');
    if (NO_KOTO_END.test(predicate)) return { pattern: 'no-koto', predicate };
    if (WO_SASU_END.test(predicate)) return { pattern: 'wo-sasu', predicate };
    if (NOUN_PREDICATE_END.test(predicate) && !/ではない|でない/.test(predicate) && !ADJECTIVAL_PREDICATE_END.test(predicate) && !JA_RANKING.test(predicate)) {
      return { pattern: 'noun-predicate', predicate };
    }
    if (JA_DOES_END.test(predicate)) return { pattern: 'does', predicate };
  }
  return null;
}

/** 「X は…」 opening the sentence: the sentence says something about X itself. */
export function isJapaneseTopic(norm: string, match: TermMatch): boolean {
  const before = norm.slice(0, match.start);
  if (!OPEN_MARKS.test(before)) return false;
  return norm.slice(match.end).replace(JA_PAREN, '').startsWith('は');
}

const RELATIVE_CLAUSE_BEFORE = /[\p{Script=Hiragana}](?:た|れる|ない)\s?[「『"]*$/u;
const VERB_CLAUSE_BEFORE = /(?:[\p{Script=Han}\p{Script=Hiragana}](?:する|される|した|された|れる|ない)|[\p{Script=Hiragana}](?:た|だ))\s?[「『"]*$/u;
const COORDINATED_BEFORE = /[\p{L}\p{N}」』)）]\s?(?:と|や)\s?[「『"]*$/u;
const MODIFIED_NAME = /[なの]\s?[「『"'“‘]*$/u;
const YOBU_NEGATED = /^と(?:呼ぶ|いう|言う|称する)(?:に(?:は)?値し|には(?:ふさわしく|足り)|べきでは|ことはでき)|^と(?:呼び|呼ば|いい|言い)(?:ません|ない)|^と呼べ(?:ない|ません)/;
