// What the provisional and refined pages have in common: load one glossary of the project with the
// review's issues, reload when a run ends, save an edited definition and reload, and show it all in
// EntriesView. What differs — which entries and fields the page asks for, which mutation saves an
// edit, its title and its re-run step — stays explicit in ProvisionalPage.tsx and RefinedPage.tsx.
import { type TypedDocumentNode, useMutation, useQuery } from 'urql';
import { QueryError } from '../components/QueryError';
import { Loading } from '../components/States';
import { graphql } from '../gql';
import type { RunScope } from '../gql/graphql';
import { useReloadWhenRunEnds } from '../runbar/current-run';
import { RerunButton } from '../runbar/RerunButton';
import { EntriesView, type ViewEntry, type ViewIssue } from './EntriesView';

/** The query of one glossary page: its project, with at least the review's issues. */
type GlossaryData = { project: { issues: ViewIssue[] } };

export function GlossaryEntriesPage<Data extends GlossaryData>({
  projectId,
  query,
  entriesOf,
  updateDefinition,
  title,
  emptyText,
  rerunScope,
}: {
  projectId: string;
  query: TypedDocumentNode<Data, { projectId: string }>;
  /** The entries of this glossary in the query's answer. */
  entriesOf: (project: Data['project']) => ViewEntry[];
  /** The mutation that stores an edited definition of one of these entries. */
  updateDefinition: TypedDocumentNode<unknown, { id: string; definition: string }>;
  title: string;
  emptyText: string;
  /** The run scope that rebuilds this glossary (the page's re-run button). */
  rerunScope: RunScope;
}) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query, variables: { projectId }, requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  useReloadWhenRunEnds(reload);
  const [, update] = useMutation(updateDefinition);
  if (error && !data) return <QueryError error={error} onRetry={reload} />;
  if (!data) return fetching ? <Loading /> : null;
  return (
    <EntriesView
      projectId={projectId}
      title={title}
      entries={entriesOf(data.project)}
      issues={data.project.issues}
      emptyText={emptyText}
      actions={<RerunButton projectId={projectId} scope={rerunScope} />}
      onSave={async (id, definition) => {
        const result = await update({ id, definition });
        if (!result.error) reload();
        return result.error;
      }}
    />
  );
}

// The fields EntriesView shows from every glossary's entries and issues, spread into each page's query.
graphql(`
  fragment GlossaryEntriesPage_Source on Occurrence {
    fileName
    documentId
    line
    context
  }
`);

graphql(`
  fragment GlossaryEntriesPage_Issues on Project {
    issues {
      id
      termKey
      type
      description
    }
  }
`);
