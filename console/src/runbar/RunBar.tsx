// The global run bar on every project page: the current run's status (live), Run with a scope
// menu, Stop, and the progress (step, item, percent). A refused start shows the server's reason.
import { Alert, Badge, Box, Button, Group, Menu, Progress, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type CombinedError, useMutation, useQuery, useSubscription } from 'urql';
import { apiProblem } from '../components/QueryError';
import { graphql } from '../gql';
import type { RunScope } from '../gql/graphql';
import { paths } from '../app/paths';
import { isActive, useCurrentRun } from './current-run';
import { GlossaryBadge } from './GlossaryBadge';
import { progressText } from './progress-text';

export const STATUS_COLORS: Record<string, string> = {
  PENDING: 'gray',
  RUNNING: 'blue',
  COMPLETED: 'teal',
  FAILED: 'red',
  CANCELLED: 'orange',
};

export function RunStatusBadge({ status }: { status: string | null | undefined }) {
  const { t } = useTranslation();
  if (!status) return <Badge color="gray" variant="outline">{t('run.status.NONE')}</Badge>;
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant={status === 'RUNNING' ? 'filled' : 'light'} aria-label={t('run.statusLabel', { status: t(`run.status.${status}`) })}>
      {t(`run.status.${status}`)}
    </Badge>
  );
}

/** The scopes offered in the Run menu, in pipeline order. */
export const RUN_SCOPES: RunScope[] = ['FULL', 'FROM_TERMS', 'EXTRACT', 'GENERATE', 'REVIEW', 'REFINE'];

/** Starts runs and tells the user why a start was refused. */
export function useStartRun(projectId: string) {
  const { t } = useTranslation();
  const [state, start] = useMutation(startRunMutation);
  const [refusal, setRefusal] = useState<CombinedError | null>(null);
  const run = async (scope: RunScope, documentIds?: string[]) => {
    setRefusal(null);
    const result = await start({ input: { projectId, scope, documentIds } });
    if (result.error) {
      setRefusal(result.error);
      const problem = apiProblem(result.error);
      notifications.show({ color: 'red', title: t('run.refused'), message: describeRefusal(problem?.code, problem?.message ?? '', t) });
      return null;
    }
    return result.data?.startRun ?? null;
  };
  return { run, starting: state.fetching, refusal, clearRefusal: () => setRefusal(null) };
}

function describeRefusal(code: string | undefined, message: string, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (code === 'RUN_ALREADY_ACTIVE') return t('run.alreadyActive');
  if (code === 'NO_DOCUMENTS') return t('run.noDocuments');
  if (code === 'NO_TERMS') return t('run.noTerms');
  return message;
}

export function RunBar({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const { run, error: statusError } = useCurrentRun();
  const active = isActive(run?.status);
  const { run: startRun, starting, refusal, clearRefusal } = useStartRun(projectId);
  const [cancelState, cancel] = useMutation(cancelRunMutation);
  const [{ data: newDocs }, refetchNewDocs] = useQuery({ query: newDocumentsQuery, variables: { projectId }, requestPolicy: 'cache-and-network' });
  const [{ data: progressData }] = useSubscription({ query: progressSubscription, variables: { runId: run?.id ?? '' }, pause: !run?.id });
  const progress = progressData?.runProgress.runId === run?.id ? progressData?.runProgress : undefined;

  const newDocumentIds = (() => {
    const project = newDocs?.project;
    if (!project) return [];
    const lastExtract = project.runs.edges[0]?.node.startedAt;
    return project.documents.filter((d) => !lastExtract || d.createdAt > lastExtract).map((d) => d.id);
  })();

  const refusalProblem = apiProblem(refusal);
  // A refusal explains the run that was active then; once that run has ended it no longer applies.
  useEffect(() => {
    if (!active) clearRefusal();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, run?.id]);
  const stop = async () => {
    if (!run) return;
    const result = await cancel({ id: run.id });
    if (result.error) notifications.show({ color: 'red', title: t('run.stopFailed'), message: apiProblem(result.error)?.message ?? '' });
  };

  return (
    <Box
      component="section"
      aria-label={t('run.bar')}
      px="md"
      py={8}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)', background: 'var(--mantine-color-body)' }}
    >
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <RunStatusBadge status={run?.status} />
          {run ? (
            <Text size="sm" truncate>
              <Link to={paths.run(projectId, run.id)}>{t(`run.scope.${run.scope}`)}</Link>
              {run.finishedAt ? ` · ${new Date(run.finishedAt).toLocaleString()}` : run.startedAt ? ` · ${t('run.since', { time: new Date(run.startedAt).toLocaleTimeString() })}` : ''}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {t('run.noRuns')}
            </Text>
          )}
          <GlossaryBadge projectId={projectId} />
          {run?.status === 'FAILED' && run.error && (
            <Tooltip label={run.error} multiline w={400}>
              <Text size="sm" c="red" truncate maw={320}>
                {run.error}
              </Text>
            </Tooltip>
          )}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button.Group>
            {/* Not disabled while a run is active: the server's RUN_ALREADY_ACTIVE then says why, also when another client started it. */}
            <Button size="xs" loading={starting} onClick={() => void startRun('FULL')} variant={active ? 'light' : 'filled'}>
              {t('run.run')}
            </Button>
            <Menu position="bottom-end" withinPortal onOpen={() => refetchNewDocs({ requestPolicy: 'network-only' })}>
              <Menu.Target>
                <Button size="xs" px={8} aria-label={t('run.scopeMenu')} disabled={starting} variant={active ? 'light' : 'filled'}>
                  ▾
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t('run.scopeMenu')}</Menu.Label>
                {RUN_SCOPES.map((scope) => (
                  <Menu.Item key={scope} onClick={() => void startRun(scope)}>
                    {t(`run.scopeAction.${scope}`)}
                  </Menu.Item>
                ))}
                <Menu.Divider />
                <Menu.Item disabled={newDocumentIds.length === 0} onClick={() => void startRun('EXTRACT', newDocumentIds)}>
                  {t('run.scopeAction.NEW_DOCUMENTS', { count: newDocumentIds.length })}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Button.Group>
          <Button size="xs" color="red" variant="light" disabled={!active} loading={cancelState.fetching} onClick={() => void stop()}>
            {t('run.stop')}
          </Button>
        </Group>
      </Group>
      {run && (active || progress) && (
        <Box mt={6}>
          <Progress
            value={progress?.percent ?? 0}
            animated={active}
            size="sm"
            aria-label={t('run.progress')}
            color={STATUS_COLORS[progress?.status ?? run.status]}
          />
          <Text size="xs" c="dimmed" mt={2} truncate aria-live="polite">
            {progress ? progressText(progress, t, active) : t('run.waiting')}
          </Text>
        </Box>
      )}
      {refusalProblem && (
        <Alert mt={6} color={refusalProblem.code === 'RUN_ALREADY_ACTIVE' ? 'yellow' : 'red'} withCloseButton onClose={clearRefusal} title={t('run.refused')} py={6}>
          {describeRefusal(refusalProblem.code, refusalProblem.message, t)}
          {refusalProblem.code && (
            <Text span size="xs" c="dimmed" ff="monospace" ml="xs">
              {refusalProblem.code}
            </Text>
          )}
        </Alert>
      )}
      {statusError && (
        <Text size="xs" c="red" mt={4} role="alert">
          {apiProblem(statusError)?.message}
        </Text>
      )}
    </Box>
  );
}

const startRunMutation = graphql(`
  mutation RunBar_StartRun($input: StartRunInput!) {
    startRun(input: $input) {
      id
      status
      scope
    }
  }
`);

const cancelRunMutation = graphql(`
  mutation RunBar_CancelRun($id: ID!) {
    cancelRun(id: $id) {
      id
      status
      cancelRequestedAt
    }
  }
`);

const progressSubscription = graphql(`
  subscription RunBar_Progress($runId: ID!) {
    runProgress(runId: $runId) {
      ...ProgressText_Progress
    }
  }
`);

const newDocumentsQuery = graphql(`
  query RunBar_NewDocuments($projectId: ID!) {
    project(id: $projectId) {
      id
      documents {
        id
        createdAt
      }
      runs(first: 1, status: [COMPLETED], scope: [FULL, EXTRACT]) {
        edges {
          node {
            id
            startedAt
          }
        }
      }
    }
  }
`);
