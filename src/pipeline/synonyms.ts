// Synonym groups: a user's decision that several terms are one concept. Groups are stored by
// normalised key and applied to whatever an extraction returned, so they survive re-extraction:
// the primary's entry takes the members' occurrences and lists them as aliases, and every later
// step (definitions, review, refinement, exports) sees one term. The engine's own automatic aliases
// (plurals, parenthetical abbreviations, glosses in another script) are offered as suggestions;
// a rejected one is a split the next extraction honours (ExtractOptions.keepApart).
import { normalizeKey } from './normalize';
import type { ExtractedTerm, Occurrence } from './types';

/** A term of a group as stored: its normalised key and the text a user chose. */
export interface SynonymTermRef {
  key: string;
  text: string;
}

/** A user's group: `primary` is the headword; members are the other terms (never the primary). */
export interface SynonymGroupSpec {
  primary: SynonymTermRef;
  members: readonly SynonymTermRef[];
}

/** A rejected suggestion: `memberKey` is not another name of the term keyed `primaryKey`. */
export interface AliasSplitSpec {
  primaryKey: string;
  memberKey: string;
}

export type SynonymReason = 'PLURAL' | 'ABBREVIATION' | 'TRANSLATION' | 'SPELLING_VARIANT';
export const SYNONYM_REASONS: readonly SynonymReason[] = ['PLURAL', 'ABBREVIATION', 'TRANSLATION', 'SPELLING_VARIANT'];

export interface SuggestedMember {
  text: string;
  key: string;
  reason: SynonymReason;
}

/** One term's automatic aliases that no group or split has settled yet. */
export interface SuggestedSynonymGroup {
  primary: string;
  primaryKey: string;
  members: SuggestedMember[];
  /** The strongest reason among the members (ABBREVIATION > TRANSLATION > PLURAL > SPELLING_VARIANT). */
  reason: SynonymReason;
}

const ABBREVIATION = /^(?=(?:.*\p{Lu}){2})[\p{Lu}\p{N}][\p{L}\p{N}&./-]{1,11}s?$/u;
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/u;
const REASON_ORDER: readonly SynonymReason[] = ['ABBREVIATION', 'TRANSLATION', 'PLURAL', 'SPELLING_VARIANT'];

/** English plural forms of a key, singular first tried as the extractor does ("policies" → "policy"). */
function singularKeys(key: string): string[] {
  const out: string[] = [];
  if (key.endsWith('ies')) out.push(`${key.slice(0, -3)}y`);
  if (key.endsWith('es')) out.push(key.slice(0, -2));
  if (key.endsWith('s') && !key.endsWith('ss')) out.push(key.slice(0, -1));
  return out;
}

/** Why the engine folded `alias` into the term: how the two spellings relate. */
export function aliasReason(term: Pick<ExtractedTerm, 'key' | 'text'>, alias: string): SynonymReason {
  const key = normalizeKey(alias);
  if (singularKeys(key).includes(term.key) || singularKeys(term.key).includes(key)) return 'PLURAL';
  if (ABBREVIATION.test(alias) || ABBREVIATION.test(term.text)) return 'ABBREVIATION';
  if (JAPANESE.test(alias) !== JAPANESE.test(term.text)) return 'TRANSLATION';
  return 'SPELLING_VARIANT';
}

/** Where a group's text stands among the terms: a term of that key, else a term listing it as an alias. */
export interface TermMatch {
  term: ExtractedTerm;
  /** `key`: the term itself; `alias`: one of its aliases. */
  via: 'key' | 'alias';
  /** For `alias`: the alias as the term lists it. */
  alias?: string;
}

/** Finds a term by normalised key (a term's key first, then its aliases; English plurals tolerated). */
export function matchTerm(terms: readonly ExtractedTerm[], key: string): TermMatch | null {
  const keys = [key, ...singularKeys(key)];
  for (const k of keys) {
    const term = terms.find((t) => t.key === k);
    if (term) return { term, via: 'key' };
  }
  for (const term of terms) {
    const alias = term.aliases.find((a) => normalizeKey(a) === key);
    if (alias !== undefined) return { term, via: 'alias', alias };
  }
  return null;
}

const occurrenceId = (o: Occurrence) => `${o.fileName}\u0000${o.line}\u0000${o.context}`;

function documentCount(occurrences: readonly Occurrence[]): number {
  return new Set(occurrences.map((o) => o.fileName)).size;
}

/**
 * Folds each group's members into its primary: one term under the primary's text (at the place of
 * the group's best-ranked term) whose aliases list the members (and their aliases) and whose
 * occurrences and frequency include theirs. A member known only as another term's alias moves to
 * the primary (its occurrences cannot be told apart and stay). Groups none of whose terms were
 * extracted change nothing. Pure: the input list is not changed.
 */
export function foldSynonymGroups(terms: readonly ExtractedTerm[], groups: readonly SynonymGroupSpec[]): ExtractedTerm[] {
  if (groups.length === 0) return [...terms];
  let list = terms.map((t) => ({ ...t, aliases: [...t.aliases], occurrences: [...t.occurrences] }));
  for (const group of groups) {
    const primaryMatch = matchTerm(list, group.primary.key);
    const memberTerms: ExtractedTerm[] = [];
    const movedAliases: string[] = [];
    for (const member of group.members) {
      const match = matchTerm(list, member.key);
      if (!match) continue;
      if (primaryMatch && match.term === primaryMatch.term) continue;
      if (match.via === 'key') {
        if (!memberTerms.includes(match.term)) memberTerms.push(match.term);
      } else {
        match.term.aliases = match.term.aliases.filter((a) => a !== match.alias);
        movedAliases.push(member.text);
      }
    }
    const base = primaryMatch?.term ?? memberTerms.shift();
    if (!base) continue;
    const folded = new Set<ExtractedTerm>([base, ...memberTerms]);
    const seen = new Set(base.occurrences.map(occurrenceId));
    const occurrences = [...base.occurrences];
    let score = base.score;
    const aliasList: string[] = [];
    const headword = group.primary.text;
    const addAlias = (a: string) => {
      const k = normalizeKey(a);
      if (k === normalizeKey(headword) || a.toLowerCase() === headword.toLowerCase()) return;
      if (!aliasList.some((x) => x.toLowerCase() === a.toLowerCase())) aliasList.push(a);
    };
    // The base term's own text is an alias when the headword is another spelling (a member promoted).
    addAlias(base.text);
    for (const a of base.aliases) addAlias(a);
    for (const member of group.members) addAlias(member.text);
    for (const t of memberTerms) {
      addAlias(t.text);
      for (const a of t.aliases) addAlias(a);
      for (const o of t.occurrences) {
        const id = occurrenceId(o);
        if (seen.has(id)) continue;
        seen.add(id);
        occurrences.push(o);
      }
      score = Math.max(score, t.score);
    }
    for (const a of movedAliases) addAlias(a);
    const merged: ExtractedTerm = {
      ...base,
      text: headword,
      score,
      aliases: aliasList,
      occurrences,
      frequency: Math.max(base.frequency, 0) + memberTerms.reduce((n, t) => n + t.frequency, 0),
      documentCount: documentCount(occurrences),
      userNotes: [base, ...memberTerms].map((t) => t.userNotes).filter(Boolean).join('\n') || base.userNotes || null,
    };
    // The frequency is the occurrences counted once each (a sentence naming both counts once).
    if (occurrences.length > 0) merged.frequency = occurrences.length;
    // The entry takes the place of the group's best-ranked term.
    const at = list.findIndex((t) => folded.has(t));
    list = list.flatMap((t, i) => (i === at ? [merged] : folded.has(t) ? [] : [t]));
  }
  return list;
}

/**
 * Drops the aliases users split off (rejected suggestions) from the term they were folded into.
 * The extractor is told about splits too (keepApart), so an alias it would have merged as another
 * term stays a term of its own; this removes what remains listed (spellings of the same word).
 */
export function applyAliasSplits(terms: readonly ExtractedTerm[], splits: readonly AliasSplitSpec[]): ExtractedTerm[] {
  if (splits.length === 0) return [...terms];
  const byPrimary = new Map<string, Set<string>>();
  for (const s of splits) {
    const set = byPrimary.get(s.primaryKey) ?? new Set<string>();
    set.add(s.memberKey);
    byPrimary.set(s.primaryKey, set);
  }
  return terms.map((t) => {
    const split = byPrimary.get(t.key);
    if (!split) return t;
    const aliases = t.aliases.filter((a) => !split.has(normalizeKey(a)));
    return aliases.length === t.aliases.length ? t : { ...t, aliases };
  });
}

/**
 * The engine's automatic aliases offered as groups: per term, its aliases of another key (a
 * spelling that only differs in case, width or spacing is the same key everywhere, so there is
 * nothing to decide), minus terms already in a user group and aliases already split off.
 */
export function suggestSynonymGroups(
  terms: readonly ExtractedTerm[],
  groups: readonly SynonymGroupSpec[],
  splits: readonly AliasSplitSpec[],
): SuggestedSynonymGroup[] {
  const grouped = new Set(groups.flatMap((g) => [g.primary.key, ...g.members.map((m) => m.key)]));
  const split = new Set(splits.map((s) => `${s.primaryKey}\u0000${s.memberKey}`));
  const out: SuggestedSynonymGroup[] = [];
  for (const term of terms) {
    if (grouped.has(term.key) || grouped.has(normalizeKey(term.text))) continue;
    const members: SuggestedMember[] = [];
    for (const alias of term.aliases) {
      const key = normalizeKey(alias);
      if (key === '' || key === term.key || grouped.has(key) || split.has(`${term.key}\u0000${key}`)) continue;
      if (members.some((m) => m.key === key)) continue;
      members.push({ text: alias, key, reason: aliasReason(term, alias) });
    }
    if (members.length === 0) continue;
    const reason = REASON_ORDER.find((r) => members.some((m) => m.reason === r))!;
    out.push({ primary: term.text, primaryKey: term.key, members, reason });
  }
  return out;
}
