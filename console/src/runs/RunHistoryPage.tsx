// The project's run history: status and scope filters (in the URL), pages through the `runs`
// connection (cursors in the URL, so a shared link opens the same page), duration, who
// triggered the run and why it failed; each run opens its own page.
import { Anchor, Button, Group, MultiSelect, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { paths } from '../app/paths';
import { useUrlParam } from '../app/url-state';
import { QueryError } from '../components/QueryError';
import { Empty, Loading } from '../components/States';
import { graphql } from '../gql';
import type { RunStatus } from '../gql/graphql';
import { useCurrentRun } from '../runbar/current-run';
import { RUN_SCOPES, RunStatusBadge } from '../runbar/RunBar';
import { formatDuration, formatTime } from './format';

const PAGE_SIZE = 20;
const STATUSES: RunStatus[] = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];

function parseList<T extends string>(raw: string, allowed: readonly T[]): T[] {
  if (!raw) return [];
  const picked = new Set(raw.split(','));
  return allowed.filter((v) => picked.has(v));
}

export function RunHistoryPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [statusParam, setStatusParam] = useUrlParam('status');
  const [scopeParam, setScopeParam] = useUrlParam('scope');
  const [after, setAfter] = useUrlParam('after');
  const [before, setBefore] = useUrlParam('before');
  const status = useMemo(() => parseList(statusParam, STATUSES), [statusParam]);
  const scope = useMemo(() => parseList(scopeParam, RUN_SCOPES), [scopeParam]);

  const variables = useMemo(
    () => ({
      projectId,
      status: status.length ? status : null,
      scope: scope.length ? scope : null,
      ...(before ? { last: PAGE_SIZE, before } : { first: PAGE_SIZE, after: after || null }),
    }),
    [projectId, status, scope, after, before],
  );
  const [{ data, error, fetching }, reexecute] = useQuery({ query: runsQuery, variables, requestPolicy: 'cache-and-network' });

  // A run started, moved on or ended: the first page shows it at once.
  const { run: current } = useCurrentRun();
  const currentKey = current ? `${current.id}:${current.status}` : '';
  useEffect(() => {
    if (currentKey) reexecute({ requestPolicy: 'network-only' });
  }, [currentKey, reexecute]);

  const setFilter = (set: (v: string) => void, values: string[]) => {
    setAfter('');
    setBefore('');
    set(values.join(','));
  };

  const connection = data?.project.runs;
  const filtered = status.length > 0 || scope.length > 0;

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="end" wrap="wrap">
        <Title order={2} size="h4">
          {t('runs.title')}
        </Title>
        <Group gap="xs" align="end" wrap="wrap">
          <MultiSelect
            size="xs"
            label={t('runs.filterStatus')}
            placeholder={status.length ? undefined : t('runs.anyStatus')}
            data={STATUSES.map((s) => ({ value: s, label: t(`run.status.${s}`) }))}
            value={status}
            onChange={(v) => setFilter(setStatusParam, v)}
            clearable
            w={260}
          />
          <MultiSelect
            size="xs"
            label={t('runs.filterScope')}
            placeholder={scope.length ? undefined : t('runs.anyScope')}
            data={RUN_SCOPES.map((s) => ({ value: s, label: t(`run.scope.${s}`) }))}
            value={scope}
            onChange={(v) => setFilter(setScopeParam, v)}
            clearable
            w={260}
          />
        </Group>
      </Group>
      <QueryError error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      {!connection && fetching && <Loading />}
      {connection && (
        <>
          <Text size="sm" c="dimmed">
            {t('runs.total', { count: connection.totalCount })}
          </Text>
          {connection.edges.length === 0 ? (
            <Empty>{filtered ? t('runs.noMatch') : t('runs.empty')}</Empty>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped highlightOnHover aria-label={t('runs.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('runs.status')}</Table.Th>
                    <Table.Th>{t('runs.scope')}</Table.Th>
                    <Table.Th>{t('runs.started')}</Table.Th>
                    <Table.Th>{t('runs.duration')}</Table.Th>
                    <Table.Th>{t('runs.triggeredBy')}</Table.Th>
                    <Table.Th>{t('runs.error')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {connection.edges.map(({ node: run }) => (
                    <Table.Tr key={run.id}>
                      <Table.Td>
                        <RunStatusBadge status={run.status} />
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={paths.run(projectId, run.id)} size="sm">
                          {t(`run.scope.${run.scope}`)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatTime(run.startedAt ?? run.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDuration(run.durationMs)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t(`runs.trigger.${run.triggeredBy}`, { defaultValue: run.triggeredBy })}</Text>
                      </Table.Td>
                      <Table.Td maw={360}>
                        {run.error ? (
                          <Tooltip label={run.error} multiline w={420}>
                            <Text size="sm" c="red" truncate>
                              {run.error}
                            </Text>
                          </Tooltip>
                        ) : (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Group justify="flex-end" gap="xs">
            <Button
              size="xs"
              variant="default"
              disabled={!(before ? connection.pageInfo.hasPreviousPage : after) || !connection.pageInfo.startCursor}
              onClick={() => {
                setAfter('');
                setBefore(connection.pageInfo.startCursor ?? '');
              }}
            >
              ← {t('runs.previous')}
            </Button>
            <Button
              size="xs"
              variant="default"
              disabled={!(before ? true : connection.pageInfo.hasNextPage) || !connection.pageInfo.endCursor}
              onClick={() => {
                setBefore('');
                setAfter(connection.pageInfo.endCursor ?? '');
              }}
            >
              {t('runs.next')} →
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

const runsQuery = graphql(`
  query RunHistoryPage_Runs($projectId: ID!, $status: [RunStatus!], $scope: [RunScope!], $first: Int, $after: String, $last: Int, $before: String) {
    project(id: $projectId) {
      id
      runs(status: $status, scope: $scope, first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
        edges {
          cursor
          node {
            id
            status
            scope
            createdAt
            startedAt
            finishedAt
            durationMs
            triggeredBy
            error
          }
        }
      }
    }
  }
`);

