// One run: its status, times, error, progress (live while it runs, final once it ended), its whole
// log replayed in the log panel, and "run again" with the same scope (and documents).
import { Anchor, Box, Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { paths } from '../app/paths';
import { QueryError } from '../components/QueryError';
import { Loading } from '../components/States';
import { graphql } from '../gql';
import { LogPanel } from '../logs/LogPanel';
import { isActive } from '../runbar/current-run';
import { RunStatusBadge, STATUS_COLORS, useStartRun } from '../runbar/RunBar';
import { formatDuration, formatTime } from './format';
import { progressText } from '../runbar/progress-text';

export function RunPage({ projectId, runId }: { projectId: string; runId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: runQuery, variables: { id: runId }, requestPolicy: 'cache-and-network' });
  const run = data?.run;
  const active = isActive(run?.status);
  const [{ data: live }] = useSubscription({ query: progressSubscription, variables: { runId }, pause: !active });
  const liveProgress = live?.runProgress.runId === runId ? live.runProgress : undefined;
  const liveStatus = liveProgress?.status;
  // The run ended while the page was open: read its final state (error, duration, progress).
  useEffect(() => {
    if (liveStatus && !isActive(liveStatus)) reexecute({ requestPolicy: 'network-only' });
  }, [liveStatus, reexecute]);
  const { run: startRun, starting } = useStartRun(projectId);

  if (error && !run) return <QueryError error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!run) return fetching ? <Loading /> : null;
  const progress = active && liveProgress ? liveProgress : run.progress;

  const again = async () => {
    const started = await startRun(run.scope, run.documentIds ?? undefined);
    if (started) navigate(paths.run(projectId, started.id));
  };

  return (
    <Stack gap="sm">
      <Anchor component={Link} to={paths.runs(projectId)} size="sm">
        ← {t('runs.back')}
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={2} size="h4">
            {t('runs.runTitle', { scope: t(`run.scope.${run.scope}`), time: formatTime(run.createdAt) })}
          </Title>
          <RunStatusBadge status={run.status} />
        </Group>
        <Button size="xs" onClick={() => void again()} loading={starting} disabled={active}>
          {t('runs.runAgain')}
        </Button>
      </Group>
      <Paper withBorder p="sm">
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
          <Field label={t('runs.created')} value={formatTime(run.createdAt)} />
          <Field label={t('runs.started')} value={run.startedAt ? formatTime(run.startedAt) : t('runs.notStarted')} />
          <Field label={t('runs.finished')} value={formatTime(run.finishedAt)} />
          <Field label={t('runs.duration')} value={formatDuration(run.durationMs)} />
          <Field label={t('runs.triggeredBy')} value={t(`runs.trigger.${run.triggeredBy}`, { defaultValue: run.triggeredBy })} />
        </SimpleGrid>
        {run.error && (
          <Text size="sm" c="red" mt="xs" role="alert" style={{ whiteSpace: 'pre-wrap' }}>
            {run.error}
          </Text>
        )}
        <Box mt="sm">
          <Text size="xs" c="dimmed">
            {active ? t('runs.liveProgress') : t('runs.progress')}
          </Text>
          <Progress value={progress.percent} size="sm" color={STATUS_COLORS[run.status]} animated={active} aria-label={active ? t('runs.liveProgress') : t('runs.progress')} />
          <Text size="xs" c="dimmed" mt={2}>
            {progressText(progress, t, active)}
          </Text>
        </Box>
      </Paper>
      <LogPanel runId={runId} height="60vh" />
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Box>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Box>
  );
}

const runQuery = graphql(`
  query RunPage_Run($id: ID!) {
    run(id: $id) {
      id
      status
      scope
      documentIds
      error
      createdAt
      startedAt
      finishedAt
      durationMs
      triggeredBy
      lastSeq
      progress {
        ...ProgressText_Progress
      }
    }
  }
`);

const progressSubscription = graphql(`
  subscription RunPage_Progress($runId: ID!) {
    runProgress(runId: $runId) {
      ...ProgressText_Progress
    }
  }
`);
