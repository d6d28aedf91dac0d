// Announcements that a project's glossary inputs changed (a document added or removed, a term
// required or excluded, a synonym group edited, an output-changing setting), for the
// glossaryStatus subscription. They travel on the run layer's bus (topic family `glossary`), so a
// bus that crosses processes carries them too. The store stays the truth: followers re-derive the
// status from stored facts on each hint, and a missed hint is caught by the next one.
import type { BusSubscription, RunEventBus } from '../runs/index';

export type GlossaryChangeCause = 'DOCUMENTS_ADDED' | 'DOCUMENTS_REMOVED' | 'TERMS_REQUIRED_OR_EXCLUDED' | 'GROUPS_CHANGED' | 'SETTINGS_CHANGED';

/** Where services announce a committed change. Cheap, synchronous, never throws. */
export interface GlossaryChangeSink {
  changed(projectId: number, cause: GlossaryChangeCause): void;
}

/** For services built without a bus (tests of one service, scripts): announces nothing. */
export const NO_GLOSSARY_CHANGES: GlossaryChangeSink = { changed() {} };

export interface GlossaryChanges extends GlossaryChangeSink {
  /** Announcements for one project from now on (bounded buffer; `lagged` after a drop). */
  follow(projectId: number, signal?: AbortSignal): BusSubscription<{ kind: 'inputs-changed'; cause: string }>;
}

/** Glossary-change announcements on a bus. */
export function glossaryChangesOn(bus: RunEventBus): GlossaryChanges {
  return {
    changed: (projectId, cause) => bus.publish('glossary', projectId, { kind: 'inputs-changed', cause }),
    follow: (projectId, signal) => bus.subscribe('glossary', projectId, { signal, capacity: 16 }),
  };
}
