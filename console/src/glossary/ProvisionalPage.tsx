// The provisional glossary: a definition per term, written from its occurrences; editable.
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { QueryError } from '../components/QueryError';
import { Loading } from '../components/States';
import { graphql } from '../gql';
import { useReloadWhenRunEnds } from '../runbar/current-run';
import { RerunButton } from '../runbar/RerunButton';
import { EntriesView } from './EntriesView';

export function ProvisionalPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: provisionalQuery, variables: { projectId }, requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  useReloadWhenRunEnds(reload);
  const [, update] = useMutation(updateMutation);
  if (error && !data) return <QueryError error={error} onRetry={reload} />;
  if (!data) return fetching ? <Loading /> : null;
  return (
    <EntriesView
      projectId={projectId}
      title={t('tabs.provisional')}
      entries={data.project.provisionalEntries}
      issues={data.project.issues}
      emptyText={t('glossary.emptyProvisional')}
      actions={<RerunButton projectId={projectId} scope="GENERATE" />}
      onSave={async (id, definition) => {
        const result = await update({ id, definition });
        if (!result.error) reload();
        return result.error;
      }}
    />
  );
}

const provisionalQuery = graphql(`
  query ProvisionalPage_Entries($projectId: ID!) {
    project(id: $projectId) {
      id
      provisionalEntries {
        id
        termKey
        term
        position
        definition
        confidence
        editedByUser
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
  mutation ProvisionalPage_UpdateDefinition($id: ID!, $definition: String!) {
    updateProvisionalDefinition(id: $id, definition: $definition) {
      id
      definition
      editedByUser
    }
  }
`);
