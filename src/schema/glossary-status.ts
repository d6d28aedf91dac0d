// Project.glossaryStatus: is the glossary current, and if not, from which step to re-run and why.
// Derived on read from stored timestamps (src/projects/glossary-status.ts). Clients that follow
// runStatus can select `project { glossaryStatus }` on each run they receive.
import { GLOSSARY_STALE_REASONS, GLOSSARY_STATES, type GlossaryStatus, loadGlossaryFacts, deriveGlossaryStatus } from '../projects/index';
import { AppError } from '../errors';
import { builder } from './builder';
import { PipelineStepEnum } from './enums';

const GlossaryStateEnum = builder.enumType('GlossaryState', {
  description:
    'NEVER_RUN: no run has completed; UP_TO_DATE: every step ran after the last change it reads; NEEDS_RERUN: see rerunFrom and reasons; RUNNING: a run is pending or running.',
  values: GLOSSARY_STATES,
});

const GlossaryStaleReasonEnum = builder.enumType('GlossaryStaleReason', {
  description:
    'Why a glossary needs a re-run. DOCUMENTS_ADDED: a document was added after the last extraction (removals are not tracked); TERMS_REQUIRED_OR_EXCLUDED: a term was required or excluded after it; SETTINGS_CHANGED: the project was updated after it (any field, a rename included); STEP_NOT_RUN: a step never completed; EARLIER_STEP_RERUN: a step completed again after a later step last ran. Editing a definition never makes a glossary stale: the edit reaches the refined glossary at once.',
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
