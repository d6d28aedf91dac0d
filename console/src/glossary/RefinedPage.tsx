// The refined glossary — what the exports contain. An edit here is what every export shows at
// once (updateRefinedDefinition), and later runs keep it. Over the provisional glossary it adds
// each entry's aliases, related terms, the refinement's notes and the issues it left unresolved.
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { GlossaryEntriesPage } from './GlossaryEntriesPage';

export function RefinedPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  return (
    <GlossaryEntriesPage
      projectId={projectId}
      query={refinedQuery}
      entriesOf={(project) => project.refinedEntries}
      updateDefinition={updateMutation}
      title={t('tabs.refined')}
      emptyText={t('glossary.emptyRefined')}
      rerunScope="REFINE"
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
          ...GlossaryEntriesPage_Source
        }
      }
      ...GlossaryEntriesPage_Issues
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
