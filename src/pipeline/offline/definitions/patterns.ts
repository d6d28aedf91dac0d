// Which language's patterns apply at a mention, and whether a text defines a term at all.
import { detectLanguage } from '../../corpus';
import type { Sentence } from '../../types';
import { englishPattern } from './english';
import { japanesePattern } from './japanese';
import { matchTerm, termPattern, type TermMatch } from './term-match';
import type { DefinitionPattern, PatternHit } from './types';

const JA_NEXT = /^[」』）)\s]*[\u3040-\u30ff\u4e00-\u9fff（]/;

/** The definition pattern at a match: Japanese rules when Japanese follows the term, English ones otherwise. */
export function patternAt(norm: string, match: TermMatch, language: Sentence['language']): PatternHit | null {
  // 「Vue Router とは」 is a Japanese definition of an English name; "SFC は" too.
  const japaneseNext = JA_NEXT.test(norm.slice(match.end, match.end + 4));
  return language === 'ja' || japaneseNext ? japanesePattern(norm, match) : englishPattern(norm, match);
}

/** The match of the term that a definition pattern fires on, if the text defines the term. */
export function definingMatch(text: string, termText: string): { match: TermMatch; matches: TermMatch[]; pattern: DefinitionPattern } | null {
  const pattern = termPattern([termText]);
  if (!pattern) return null;
  const norm = text.normalize('NFKC');
  const matches = matchTerm(pattern, norm);
  const language = detectLanguage(norm);
  for (const match of matches) {
    const hit = patternAt(norm, match, language);
    if (hit) return { match, matches, pattern: hit.pattern };
  }
  return null;
}

