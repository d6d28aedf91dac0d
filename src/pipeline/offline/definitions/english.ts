// English definition patterns at a mention of the term: "X is a …", "X refers to …", "… is called X",
// "the term X", "think of X as …", "X, a …", what X does, and a weak "X is …".
import { isPluralNounPhrase } from './genus';
import { CATAPHORIC_TAIL } from './mention-quality';
import type { TermMatch } from './term-match';
import type { PatternHit } from './types';

const SKIP_AFTER_TERM = /^[」』"'”’*_]*\s*(?:(?:\([^)]{1,80}\)|（[^）]{1,80}）)\s*)?/;
// The term opens the sentence, perhaps after a short framing phrase ("In Vue 3, a store is …").
const DETERMINER = /^\s*(?:[^,.;:]{1,40},\s*)?(?:(?:a|an|the)\s+)?[「『"'“‘*_]*$/i;
const CONDITION_FIRST = /^\s*(?:if|unless|when|whenever|once|until|after|before|because|since|although|though)\b/i;

// "X is …" describes X, unless what follows is a degree, a quantity or a negation ("is about 72",
// "are no longer limited", "is directly proportional"), a place or a passive ("is in", "is given"),
// a property ("is extensible", "are mutable"; not "are responsible for", which says what X does), a
// likeness ("is similar to") or a state ("is said to be in interactive mode").
const WEAK_IS =
  /^(?:is|are)\s+(?!the\s+(?:same|most|best|only|first|last|main|easiest|simplest)\b|as\b|subject\s+to\b|(?:not|no|also|still|now|then|very|more|less|most|least|often|usually|only|always|never|quite|rather|too|so|about|approximately|around|roughly|nearly|almost|equal|given|shown|calculated|obtained|found|plotted|listed|\w+ly|\w+ed|in|on|at|from|to|for|with|by|of|into|under|over|then|there|here|being|done|run|made|written|taken|kept|set|put|said|known|seen|held|sent|built|left|meant|thought|bound|read|brought|chosen|drawn|driven|gotten|hidden|lost|split|spread|told|thrown|understood|begun|broken|spoken|shut|cut|hit|let|laid|paid|sold|bought|caught|taught|led|fed|met|spent|grown|blown|flown|worn|torn|won|similar|analogous|comparable|different|(?!responsible\b)\w+(?:able|ible))\b|\d)(?=\w)/i;

/** What may follow a name being introduced: the end of the clause, an aside, a gloss. */
const NAME_ENDS = /^["'”’*_]*\s*(?:$|[.,;:!?)]|\(|—|–|-\s|and\b|or\b|which\b|that\b|is\b|are\b|in\s)/i;
// "An object is called iterable if you can get an iterator for it.": after "is/are called", a
// condition may follow the name ("of the called function when it is called" names nothing).
const CONDITION_AFTER_NAME = /^["'”’*_]*\s+(?:if|when|whenever)\s/i;
const IS_CALLED_BEFORE = /\b(?:is|are)\s+(?:called|said\s+to\s+be)\s+(?:(?:a|an|the)\s+)?["'“‘*_]*$/i;


export function englishPattern(norm: string, match: TermMatch): PatternHit | null {
  const before = norm.slice(0, match.start);
  // The text after the term is cut out only once the text before allows a pattern: most mentions
  // are not at the start of their sentence and need no copy of the rest.
  const afterTerm = () => norm.slice(match.end).replace(SKIP_AFTER_TERM, '');
  // "named" only after a verb ("is named X"): "named parameters" is an adjective. "Objects whose
  // value can change are said to be mutable" names an adjective the same way.
  // The name must end where the naming does: "is called a coroutine function" names the function,
  // not "coroutine"; "the called function" is no naming at all. "The class of a class is known as
  // that class's metaclass": a possessive names the term of its bearer.
  if (
    /\b(?:called|known\s+as|termed|(?:is|are|be|been)\s+named|referred\s+to\s+as|(?:is|are)\s+said\s+to\s+be)\s+(?:(?:a|an|the)\s+|(?:that|this)\s+[\w-]+(?:'s|’s)\s+)?["'“‘*_]*$/i.test(before) &&
    // "What we did is specify what is known as a positional argument": "what is known as X" only
    // stands for X; the sentence names it without saying what it is.
    !/\bwhat\s+(?:is|are)\s+(?:called|known\s+as|termed|referred\s+to\s+as)\s+(?:(?:a|an|the)\s+)?["'“‘*_]*$/i.test(before) &&
    (NAME_ENDS.test(norm.slice(match.end)) || (CONDITION_AFTER_NAME.test(norm.slice(match.end)) && IS_CALLED_BEFORE.test(before)))
  ) {
    return { pattern: 'called', predicate: before };
  }
  // "The term X …" opens the sentence (after a short framing phrase at most): "worthy of the name
  // 'class' without …" only mentions the word.
  if (
    /\bthe\s+(?:term|word|name|notion|concept(?:\s+of)?)\s+["'“‘*_]*$/i.test(before) &&
    (/^\s*(?:[^,.;:]{1,40},\s*)?the\s+\w+(?:\s+of)?\s+["'“‘*_]*$/i.test(before) || CATAPHORIC_TAIL.test(norm.slice(match.end)))
  ) {
    return { pattern: 'the-term', predicate: afterTerm() };
  }
  // "I use the word *attribute* for any name following a dot": the author says what the word names.
  if (/\b(?:use|uses|used|using)\s+the\s+(?:term|word|name)\s+["'“‘*_]*$/i.test(before)) {
    const rest = afterTerm();
    const m = /^(?:for|to\s+(?:mean|refer\s+to|describe|denote))\s+/i.exec(rest);
    if (m) return { pattern: 'the-term', predicate: rest.slice(m[0].length) };
  }
  // "It is best to think of a dictionary as a set of key: value pairs": the picture the author
  // gives of the thing — weaker than "is a", stronger than what it does.
  if (/\bthink\s+of\s+(?:(?:a|an)\s+)?["'“‘*_]*$/i.test(before)) {
    const rest = afterTerm();
    const m = /^as\s+(?!if\b|though\b|well\b|follows?\b)/i.exec(rest);
    return m ? { pattern: 'think-of', predicate: rest.slice(m[0].length) } : null;
  }
  // "An object's type determines …", "The type of an object is …": a relational noun is defined
  // of its bearer in general (an indefinite one — "the module's name" is one module's).
  const relational = RELATIONAL_BEARER.test(before);
  // "Generators also become coroutines, a more generalized form of subroutines.": a short noun
  // phrase that closes the sentence right after the term names the term's kind, wherever the term
  // stands. Not after "If …," (the main clause starts at the comma), not a list ("…, a date format
  // string and a style indicator") and not a phrase with a clause of its own ("…for identifiers, a
  // convention that any portable code should follow" sums up the whole sentence).
  if (!relational && !DETERMINER.test(before)) {
    const closing = CONDITION_FIRST.test(before) ? null : FINAL_APPOSITIVE.exec(norm.slice(match.end));
    return closing && !CLAUSE_IN_PHRASE.test(closing[1]!) ? { pattern: 'appositive', predicate: closing[1]! } : null;
  }
  let after = afterTerm();
  if (!relational) {
    const of = /^of\s+(?:a|an|any|each|every)\s+(?:[\w-]+\s+){0,2}?(?=(?:is|are|determines?|describes?|specif(?:ies|y)|represents?|indicates?)\s)/i.exec(after);
    if (of && /^\s*(?:(?:a|an|the)\s+)?[「『"'“‘*_]*$/i.test(before)) after = after.slice(of[0].length);
  }
  // "The arguments are those passed to …", "The names are period-separated …": a definite plural
  // speaks of particular ones the text just mentioned, not of the kind.
  const particular = /\bthe\s+[「『"'“‘*_]*$/i.test(before) && match.end > match.start + match.surface.length;
  if (particular && !relational) return null;
  let m: RegExpExecArray | null;
  if ((m = /^(?:is|are)\s+(?:defined|known|described)\s+as\s+/i.exec(after))) {
    return { pattern: 'defined-as', predicate: after.slice(m[0].length) };
  }
  // "is the same as", "is the first": a comparison, not what the thing is.
  if ((m = /^(?:is|are)\s+(?=(?:a|an|the|one)\s)(?!the\s+(?:same|only|first|last|main|default)\b)/i.exec(after))) {
    const predicate = after.slice(m[0].length);
    if (!isRanking(predicate)) return { pattern: 'is-a', predicate };
  }
  // "When you assign a list to a variable, the variable refers to the existing list": what holds
  // under a condition says what happens then, not what the term is (as for a weak "is" below).
  const conditional = CONDITION_FIRST.test(before);
  if (!conditional && (m = /^(?:refers?\s+to|means|denotes|stands\s+for)\s+/i.exec(after))) {
    return { pattern: 'refers-to', predicate: after.slice(m[0].length) };
  }
  if ((m = /^,\s*which\s+(?:is|are)\s+/i.exec(after))) return { pattern: 'which-is', predicate: after.slice(m[0].length) };
  // "Watchers are callbacks that …": a plural genus needs no article.
  if ((m = /^are\s+(?!not\b)/i.exec(after)) && isPluralNounPhrase(after.slice(m[0].length)) && !isProgressive(after.slice(m[0].length), match.surface)) {
    return { pattern: 'is-a', predicate: after.slice(m[0].length) };
  }
  // "Python, an interpreted language, …": an appositive naming the kind right after the subject.
  if ((m = APPOSITIVE.exec(after)) && !/\b(?:is|are|was|were)\b/i.test(m[1]!)) return { pattern: 'appositive', predicate: m[1]! };
  // "Roasting turns green beans into …", "The roast level describes how far …": what the term does
  // or is for, said of the term as subject — a functional definition, weaker than "is a".
  // ("The parameters describe the exception …" speaks of particular parameters: excluded above.)
  if (!conditional && (m = FUNCTIONAL_VERB.exec(after)) && readsAsVerb(m[0], after.slice(m[0].length), match.end > match.start + match.surface.length)) {
    return { pattern: 'does', predicate: after.slice(m[0].length) };
  }
  // "If encoding is not specified, the default is platform dependent": what holds in one case.
  if ((m = WEAK_IS.exec(after)) && !isRanking(after.slice(m[0].length)) && !conditional && !isProgressive(after.slice(m[0].length), match.surface)) {
    return { pattern: 'is', predicate: after.slice(m[0].length) };
  }
  return null;
}

/**
 * Whether a functional verb after the term is the sentence's verb rather than the head of a compound
 * the term only modifies: "Anti-corruption measures have …", "The render cache refers to …". The verb
 * agrees with the term (a singular term takes "measures", a plural one "measure") and no verb follows it.
 */
function readsAsVerb(verb: string, rest: string, plural: boolean): boolean {
  const thirdPerson = /s$/i.test(verb.trim());
  if (thirdPerson === plural) return false;
  return !/^(?:have|has|had|are|is|was|were|can|could|will|would|should|may|might|must|do|does|did)\b/i.test(rest);
}

// A superlative ranks the thing among others — "the largest single gain", "the most obvious way to
// restore state" — unless its noun names a kind: "the smallest possible component of a text", "the
// most basic elements of expressions", "the lowest built-in severity level".
const SUPERLATIVE =
  /^the\s+(?:(?:most|least)\s+[\w-]+|best|worst|(?:larg|small|bigg|simpl|easi|fast|slow|high|low|near|clos|great|short|long|old|new|lat|earli|strong|weak|cheap|saf|hard|fin|wid|deep|light|heavi)est)\b/i;
const SUPERLATIVE_HEAD = /^the\s+((?:[\w-]+\s+)*?[\w-]+)(?=\s+(?:of|in|among|within|for|to|that|which|who|we|you|i)\b|\s*[,.;:()]|\s*$)/i;
const JUDGEMENT_NOUNS: ReadonlySet<string> = new Set(['way', 'ways', 'choice', 'option', 'gain', 'gains', 'improvement', 'problem', 'reason', 'thing', 'things', 'part', 'case', 'collision', 'example', 'approach', 'solution', 'idea', 'mistake', 'one', 'ones']);
function isRanking(text: string): boolean {
  // "one of the hardest gaits to address", "one of the most commonly used encodings": a rank too.
  const predicate = text.replace(/^one\s+of\s+(?=the\s)/i, '');
  if (!SUPERLATIVE.test(predicate)) return false;
  const words = SUPERLATIVE_HEAD.exec(predicate)?.[1]!.split(/\s+/) ?? [];
  // "the largest" alone, its noun a judgement, or a judging adjective ("the most important quality",
  // "the most common encoding"): a ranking.
  return (
    words.length < 2 ||
    /(?:est|most|least|best|worst)$/i.test(words.at(-1)!) ||
    JUDGEMENT_NOUNS.has(words.at(-1)!.toLowerCase()) ||
    /^the\s+(?:(?:most|least)\s+(?:important|common|commonly|popular|useful|widely|frequent|frequently|significant|valuable|powerful|effective|efficient|obvious|famous|interesting|difficult|crucial|critical|essential)|hardest|easiest|toughest|trickiest)\b/i.test(predicate)
  );
}

/**
 * "Ashley is demonstrating a travers", "Riders are linking pieces of music": a verb in the
 * progressive says what one is doing, not what it is. After a process noun the -ing word is a
 * gerund that may define it ("Serialization is converting an object into bytes").
 */
function isProgressive(predicate: string, subject: string): boolean {
  return /^\w+ing\b/i.test(predicate) && !/(?:ing|tion|sion|ment|ance|ence|sis|ity|ism)$/i.test(subject);
}

/** "An object's ", "each module's ": the generic bearer of a relational noun, opening the sentence. */
const RELATIONAL_BEARER = /^\s*(?:[^,.;:]{1,40},\s*)?(?:a|an|each|every)\s+[\w-]+(?:'s|’s)\s+[「『"'“‘*_]*$/i;
const APPOSITIVE = /^,\s+((?:a|an)\s+[^,;:.()]{3,80}?),\s+\S/i;
/** ", a more generalized form of subroutines." closing the sentence: at most eight words, nothing after them. */
const FINAL_APPOSITIVE = /^,\s+((?:a|an)\s+(?:[\w'-]+\s+){1,6}[\w'-]+)\s*[.!]?\s*$/i;
/** Words that make a closing phrase a list or give it a clause or a verb of its own. */
const CLAUSE_IN_PHRASE = /\b(?:that|which|who|whose|where|when|and|or|but|is|are|was|were|has|have|had|can|could|will|would|may|might|must|should|does|do|did)\b/i;
// Verbs that say what a thing does or is for; not "returns", "uses", "holds" (statements about a
// use or a state — 「ストアは状態を保持します」 — not about what the thing is). An object must
// follow: a verb at the end of the sentence says nothing.
const FUNCTIONAL_VERB =
  /^(?:turns?|converts?|transforms?|describes?|represents?|specif(?:ies|y)|identif(?:ies|y)|indicates?|measures?|lets|allows?|enables?|provides?|encapsulates?|determines?|controls?|manages?|caches?|records?|tracks?|watches|monitors?|maps?|groups?|bundles?|combines?)\s+(?=\S+\s+\S)/i;
