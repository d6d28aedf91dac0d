// Project.glossaryStatus: is the glossary current, and if not, from which step to re-run and why.
// Derived on read from stored timestamps (src/projects/glossary-status.ts). Clients that follow
// runStatus can select `project { glossaryStatus }` on each run they receive.
import { GLOSSARY_STALE_REASONS, GLOSSARY_STATES, type GlossaryStatus, followGlossaryStatus, loadGlossaryFacts, deriveGlossaryStatus } from '../projects/index';
import { AppError } from '../errors';
import { builder } from './builder';
import { PipelineStepEnum } from './enums';
import { parseId } from './ids';
import { followUntilReturn } from './streams';

const GlossaryStateEnum = builder.enumType('GlossaryState', {
  description:
    'NEVER_RUN: no run has completed; UP_TO_DATE: every step ran after the last change it reads; NEEDS_RERUN: see rerunFrom and reasons; RUNNING: a run is pending or running.',
  values: GLOSSARY_STATES,
});

const GlossaryStaleReasonEnum = builder.enumType('GlossaryStaleReason', {
  description:
    'Why a glossary needs a re-run. DOCUMENTS_ADDED / DOCUMENTS_REMOVED: a document was added / removed after the last extraction; TERMS_REQUIRED_OR_EXCLUDED: a term was required or excluded, or a requirement or exclusion lifted, after it; GROUPS_CHANGED: a synonym group was edited after the definitions were written (re-run from PROVISIONAL), or a suggestion rejected after the last extraction (from EXTRACT); SETTINGS_CHANGED: a setting that changes the glossary (engine, model, endpoint, maxTerms, minFrequency) changed after it — a rename or the autoExtract switch does not count; STEP_NOT_RUN: a step never completed; EARLIER_STEP_RERUN: a step completed again after a later step last ran. Editing a definition never makes a glossary stale: the edit reaches the refined glossary at once.',
  values: GLOSSARY_STALE_REASONS,
});

const GlossaryStatusRef = builder.objectRef<GlossaryStatus>('GlossaryStatus').implement({
  description: "Whether the project's glossary is current, derived from stored facts each time it is read.",
  fields: (t) => ({
    state: t.field({ type: GlossaryStateEnum, resolve: (s) => s.state }),
    rerunFrom: t.field({
      type: PipelineStepEnum,
      nullable: true,
      description: 'The earliest step that must re-run; null unless NEEDS_RERUN.',
      resolve: (s) => s.rerunFrom,
    }),
    reasons: t.field({ type: [GlossaryStaleReasonEnum], description: 'Empty unless NEEDS_RERUN.', resolve: (s) => s.reasons }),
  }),
});

builder.prismaObjectFields('Project', (t) => ({
  glossaryStatus: t.field({
    type: GlossaryStatusRef,
    select: { id: true },
    resolve: async (project, _args, ctx) => {
      const facts = await loadGlossaryFacts(ctx.db, project.id);
      if (!facts) throw new AppError('NOT_FOUND', `Project ${project.id} not found`, { type: 'Project', id: String(project.id) });
      return deriveGlossaryStatus(facts);
    },
  }),
}));

builder.subscriptionFields((t) => ({
  glossaryStatus: t.field({
    type: GlossaryStatusRef,
    description:
      "The project's glossaryStatus now, then again each time it changes: documents added or removed, terms required or excluded, synonym groups edited, settings changed, and the project's runs starting and ending. Never completes by itself.",
    args: { projectId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const projectId = parseId(args.projectId, 'Project', 'projectId');
      if (!(await ctx.db.project.count({ where: { id: projectId } }))) {
        throw new AppError('NOT_FOUND', `Project ${args.projectId} not found`, { type: 'Project', id: projectId });
      }
      return followUntilReturn((signal) => followGlossaryStatus({ db: ctx.db, runs: ctx.runs, changes: ctx.glossaryChanges }, projectId, signal));
    },
    resolve: (status) => status,
  }),
}));
