// The refined glossary — what the exports contain. An edit here is what every export shows at
// once (updateRefinedDefinition), and later runs keep it.
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { QueryError } from '../components/QueryError';
import { Loading } from '../components/States';
import { graphql } from '../gql';
import { useReloadWhenRunEnds } from '../runbar/current-run';
import { RerunButton } from '../runbar/RerunButton';
import { EntriesView } from './EntriesView';

export function RefinedPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: refinedQuery, variables: { projectId }, requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  useReloadWhenRunEnds(reload);
  const [, update] = useMutation(updateMutation);
  if (error && !data) return <QueryError error={error} onRetry={reload} />;
  if (!data) return fetching ? <Loading /> : null;
  return (
    <EntriesView
      projectId={projectId}
      title={t('tabs.refined')}
      entries={data.project.refinedEntries}
      issues={data.project.issues}
      emptyText={t('glossary.emptyRefined')}
      actions={<RerunButton projectId={projectId} scope="REFINE" />}
      onSave={async (id, definition) => {
        const result = await update({ id, definition });
        if (!result.error) reload();
        return result.error;
      }}
    />
  );
}

const refinedQuery = graphql(`
  query RefinedPage_Entries($projectId: ID!) {
    project(id: $projectId) {
      id
      refinedEntries {
        id
        termKey
        term
        position
        definition
        confidence
        aliases
        relatedTerms
        notes
        unresolvedIssues {
          type
          description
        }
        sources {
          fileName
          documentId
          line
          context
        }
      }
      issues {
        id
        termKey
        type
        description
      }
    }
  }
`);

const updateMutation = graphql(`
  mutation RefinedPage_UpdateDefinition($id: ID!, $definition: String!) {
    updateRefinedDefinition(id: $id, definition: $definition) {
      id
      definition
    }
  }
`);
