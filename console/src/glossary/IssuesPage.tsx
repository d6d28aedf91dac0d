// The review's issues: filter by type (in the URL), search, each with its locations.
import { Badge, Chip, Group, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { matches, useUrlParam } from '../app/url-state';
import { QueryError } from '../components/QueryError';
import { ListToolbar } from '../components/ListToolbar';
import { Loading, NoRows } from '../components/States';
import { graphql } from '../gql';
import type { IssueType } from '../gql/graphql';
import { useReloadWhenRunEnds } from '../runbar/current-run';
import { RerunButton } from '../runbar/RerunButton';
import { IssueTypeBadge, SourceLink } from './EntryDetail';

const ISSUE_TYPES: IssueType[] = ['UNCLEAR', 'CONTRADICTION', 'MISSING', 'NAMING', 'UNNECESSARY'];

export function IssuesPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [typeParam, setTypeParam] = useUrlParam('type');
  const [search, setSearch] = useUrlParam('q');
  const types = typeParam.split(',').filter((x): x is IssueType => (ISSUE_TYPES as string[]).includes(x));
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: issuesQuery,
    variables: { projectId, type: types.length ? types : null },
    requestPolicy: 'cache-and-network',
  });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  useReloadWhenRunEnds(reload);
  const rows = useMemo(() => (data?.project.issues ?? []).filter((i) => matches(i.term, search) || matches(i.description, search)), [data, search]);

  return (
    <Stack>
      <ListToolbar title={t('tabs.issues')} searchLabel={t('glossary.searchIssues')} search={search} onSearch={setSearch}>
        <RerunButton projectId={projectId} scope="REVIEW" />
      </ListToolbar>
      <Group gap="xs" role="group" aria-label={t('glossary.filterByType')}>
        <Chip.Group multiple value={types} onChange={(v) => setTypeParam(v.join(','))}>
          {ISSUE_TYPES.map((type) => (
            <Chip key={type} value={type} size="xs">
              {t(`glossary.issueTypes.${type}`)}
            </Chip>
          ))}
        </Chip.Group>
      </Group>
      {error && <QueryError error={error} onRetry={reload} />}
      {fetching && !data && <Loading />}
      {/* The server filters by type: with types chosen, no issue at all is "nothing matches" too. */}
      {data && <NoRows total={data.project.issues.length} shown={rows.length} emptyText={types.length ? t('common.noMatch') : t('glossary.emptyIssues')} />}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="sm" aria-label={t('tabs.issues')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={180}>{t('glossary.term')}</Table.Th>
                <Table.Th w={130}>{t('glossary.issueType')}</Table.Th>
                <Table.Th>{t('glossary.description')}</Table.Th>
                <Table.Th w={180}>{t('glossary.locations')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td fw={500}>
                    {i.term}
                    {i.shouldExclude && (
                      <Badge size="xs" color="red" variant="light" ml={6} tt="none">
                        {t('glossary.shouldExclude')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <IssueTypeBadge type={i.type} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{i.description}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {i.locations.slice(0, 3).map((l, n) => (
                        <SourceLink key={n} projectId={projectId} source={l} />
                      ))}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

const issuesQuery = graphql(`
  query IssuesPage_Issues($projectId: ID!, $type: [IssueType!]) {
    project(id: $projectId) {
      id
      issues(type: $type) {
        id
        term
        termKey
        type
        description
        shouldExclude
        locations {
          fileName
          documentId
          line
          context
        }
      }
    }
  }
`);
