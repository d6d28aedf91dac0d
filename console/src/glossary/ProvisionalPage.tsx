// The provisional glossary: a definition per term, written from its occurrences; editable. Unlike
// the refined one it has no aliases, related terms, notes or unresolved issues; what it has of its
// own is the "edited" mark (editedByUser), since a user's definition survives the next run.
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { GlossaryEntriesPage } from './GlossaryEntriesPage';

export function ProvisionalPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  return (
    <GlossaryEntriesPage
      projectId={projectId}
      query={provisionalQuery}
      entriesOf={(project) => project.provisionalEntries}
      updateDefinition={updateMutation}
      title={t('tabs.provisional')}
      emptyText={t('glossary.emptyProvisional')}
      rerunScope="GENERATE"
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
          ...GlossaryEntriesPage_Source
        }
      }
      ...GlossaryEntriesPage_Issues
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
