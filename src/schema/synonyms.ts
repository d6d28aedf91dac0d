// Synonym groups: users' groups of terms that are one concept, the engine's suggestions, and the
// mutations that edit them (src/projects/synonym-service.ts holds the rules).
import { normalizeKey, SYNONYM_REASONS, type SuggestedSynonymGroup } from '../pipeline/index';
import { builder, type Context } from './builder';
import { globalId, parseId } from './ids';

/** The group's terms as selected for its fields: primary first, then members in the user's order. */
const TERMS_SELECT = { terms: { orderBy: [{ isPrimary: 'desc' as const }, { position: 'asc' as const }, { id: 'asc' as const }], select: { text: true, isPrimary: true } } };

builder.prismaNode('SynonymGroup', {
  id: { field: 'id' },
  nullable: true,
  description:
    "A user's synonym group: the glossary shows one entry under `primary`, with the members as its aliases and their occurrences counted for it. Stored by normalised key, so it survives re-extraction.",
  fields: (t) => ({
    primary: t.string({
      description: 'The headword text.',
      select: TERMS_SELECT,
      resolve: (g) => g.terms.find((x) => x.isPrimary)?.text ?? '',
    }),
    members: t.stringList({
      description: "The other terms' texts (the primary excluded), in the order they were added.",
      select: TERMS_SELECT,
      resolve: (g) => g.terms.filter((x) => !x.isPrimary).map((x) => x.text),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const SynonymReasonEnum = builder.enumType('SynonymReason', {
  description:
    'Why the engine took a spelling for another name of a term. PLURAL: the English plural; ABBREVIATION: a parenthetical abbreviation or its long form; TRANSLATION: a gloss in another script (「仮想 DOM（virtual DOM）」); SPELLING_VARIANT: another spelling of the same words.',
  values: SYNONYM_REASONS,
});

const SuggestedSynonymMember = builder.objectRef<{ text: string; reason: (typeof SYNONYM_REASONS)[number] }>('SuggestedSynonymMember').implement({
  fields: (t) => ({
    text: t.exposeString('text'),
    reason: t.field({ type: SynonymReasonEnum, resolve: (m) => m.reason }),
  }),
});

const SuggestedSynonymGroupRef = builder.objectRef<SuggestedSynonymGroup>('SuggestedSynonymGroup').implement({
  description:
    "The engine's own automatic aliases of one term, offered as a group: accept makes it a user group, reject splits one member off (the engine stops merging it on later extractions).",
  fields: (t) => ({
    primary: t.exposeString('primary'),
    members: t.stringList({ resolve: (s) => s.members.map((m) => m.text) }),
    reason: t.field({ type: SynonymReasonEnum, description: 'The strongest reason among the members.', resolve: (s) => s.reason }),
    memberReasons: t.field({ type: [SuggestedSynonymMember], description: 'Each member with its own reason, in the order of `members`.', resolve: (s) => s.members }),
  }),
});

builder.prismaObjectFields('Project', (t) => ({
  synonymGroups: t.relation('synonymGroups', { description: "Users' synonym groups, oldest first.", query: { orderBy: { id: 'asc' } } }),
  suggestedSynonymGroups: t.field({
    type: [SuggestedSynonymGroupRef],
    description: "The engine's automatic aliases (plurals, parenthetical abbreviations, glosses) not yet accepted into a group or rejected.",
    select: { id: true },
    resolve: (project, _args, ctx) => ctx.synonyms.suggestions(project.id),
  }),
}));

// A project's groups by term key, read once per request and selection however many terms ask
// (the Terms page lists hundreds).
const groupsByRequest = new WeakMap<object, Map<string, Promise<Map<string, unknown>>>>();

function groupsByKey(ctx: Context, projectId: number, query: object): Promise<Map<string, unknown>> {
  let cache = groupsByRequest.get(ctx);
  if (!cache) groupsByRequest.set(ctx, (cache = new Map()));
  const id = `${projectId}:${JSON.stringify(query)}`;
  let found = cache.get(id);
  if (!found) {
    found = Promise.all([
      ctx.db.synonymGroup.findMany({ ...query, where: { projectId } }),
      ctx.db.synonymGroupTerm.findMany({ where: { projectId }, select: { key: true, groupId: true } }),
    ]).then(([groups, terms]) => {
      const byId = new Map((groups as { id: number }[]).map((g) => [g.id, g]));
      return new Map(terms.map((t) => [t.key, byId.get(t.groupId)]));
    });
    cache.set(id, found);
  }
  return found;
}

builder.prismaObjectFields('Term', (t) => ({
  synonymGroup: t.prismaField({
    type: 'SynonymGroup',
    nullable: true,
    description: 'The user group the term is in (as primary or member); null when it is in none.',
    select: { projectId: true, key: true, text: true },
    resolve: async (query, term, _args, ctx) => {
      const byKey = await groupsByKey(ctx, term.projectId, query);
      // Rows read with Pothos' own query for this selection, so the cast only restores their type.
      return (byKey.get(term.key) ?? byKey.get(normalizeKey(term.text)) ?? null) as never;
    },
  }),
}));

const groupId = (id: string | number) => parseId(String(id), 'SynonymGroup', 'groupId');
const reread = <Q extends object>(query: Q, id: number) => ({ ...query, where: { id } });

builder.mutationFields((t) => ({
  createSynonymGroup: t.prismaField({
    type: 'SynonymGroup',
    description:
      'Groups terms: `primary` becomes the headword, `members` its aliases, from the next run on (glossaryStatus: re-run from PROVISIONAL). SYNONYM_CONFLICT when a term is in another group, GROUP_TOO_SMALL without a member other than the primary, UNKNOWN_TERM for a text that is no extracted term or alias.',
    args: {
      projectId: t.arg.id({ required: true }),
      primary: t.arg.string({ required: true }),
      members: t.arg.stringList({ required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const group = await ctx.synonyms.create(parseId(args.projectId, 'Project', 'projectId'), args.primary, args.members);
      return ctx.db.synonymGroup.findUniqueOrThrow(reread(query, group.id));
    },
  }),
  addSynonymMembers: t.prismaField({
    type: 'SynonymGroup',
    description: 'Adds members (members already in the group are left as they are). SYNONYM_CONFLICT, UNKNOWN_TERM, NOT_FOUND.',
    args: { groupId: t.arg.id({ required: true }), members: t.arg.stringList({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const group = await ctx.synonyms.addMembers(groupId(args.groupId), args.members);
      return ctx.db.synonymGroup.findUniqueOrThrow(reread(query, group.id));
    },
  }),
  removeSynonymMembers: t.prismaField({
    type: 'SynonymGroup',
    description:
      'Removes members. GROUP_TOO_SMALL when no member would be left (delete the group instead); BAD_USER_INPUT for the primary or a text that is not a member.',
    args: { groupId: t.arg.id({ required: true }), members: t.arg.stringList({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const group = await ctx.synonyms.removeMembers(groupId(args.groupId), args.members);
      return ctx.db.synonymGroup.findUniqueOrThrow(reread(query, group.id));
    },
  }),
  setSynonymPrimary: t.prismaField({
    type: 'SynonymGroup',
    description: 'Makes a member the headword; the old primary becomes a member. BAD_USER_INPUT when `primary` is not a member.',
    args: { groupId: t.arg.id({ required: true }), primary: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const group = await ctx.synonyms.setPrimary(groupId(args.groupId), args.primary);
      return ctx.db.synonymGroup.findUniqueOrThrow(reread(query, group.id));
    },
  }),
  deleteSynonymGroup: t.id({
    description: "Deletes the group (its terms are separate entries again from the next run on); returns the group's id.",
    args: { groupId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => globalId('SynonymGroup', await ctx.synonyms.delete(groupId(args.groupId))),
  }),
  acceptSuggestedSynonymGroup: t.prismaField({
    type: 'SynonymGroup',
    description: 'Makes the suggestion for `primary` a user group with all its members. NOT_FOUND when no suggestion has that primary.',
    args: { projectId: t.arg.id({ required: true }), primary: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const group = await ctx.synonyms.acceptSuggestion(parseId(args.projectId, 'Project', 'projectId'), args.primary);
      return ctx.db.synonymGroup.findUniqueOrThrow(reread(query, group.id));
    },
  }),
  rejectSuggestedSynonymGroup: t.prismaField({
    type: 'Project',
    description:
      'Splits `member` off the term `primary`: the suggestion is not offered again, and later extractions keep the two apart (glossaryStatus: re-run from EXTRACT). UNKNOWN_TERM when `primary` is no extracted term; NOT_FOUND when `member` is not one of its automatic aliases.',
    args: { projectId: t.arg.id({ required: true }), primary: t.arg.string({ required: true }), member: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const projectId = parseId(args.projectId, 'Project', 'projectId');
      await ctx.synonyms.rejectSuggestion(projectId, args.primary, args.member);
      return ctx.db.project.findUniqueOrThrow(reread(query, projectId));
    },
  }),
}));
