// A project's frame: its name, the run bar, the tabs, the routed page, and the collapsible log
// panel following the current run.
import { Box, Group, ScrollArea, Text, Title, UnstyledButton } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useParams } from 'react-router';
import { useQuery } from 'urql';
import { paths } from '../app/paths';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { QueryError } from '../components/QueryError';
import { Loading } from '../components/States';
import { graphql } from '../gql';
import { LogPanel } from '../logs/LogPanel';
import { CurrentRunProvider, useCurrentRun } from '../runbar/current-run';
import { RunBar } from '../runbar/RunBar';

const TABS = ['files', 'terms', 'provisional', 'issues', 'refined', 'runs', 'settings', 'export'] as const;

export function ProjectLayout({ projectId }: { projectId: string }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: projectQuery, variables: { id: projectId } });
  if (error && !data) {
    return (
      <Box p="md">
        <QueryError error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      </Box>
    );
  }
  if (fetching && !data) return <Loading />;
  return (
    <CurrentRunProvider projectId={projectId}>
      <ProjectFrame projectId={projectId} name={data?.project.name ?? ''} />
    </CurrentRunProvider>
  );
}

function ProjectFrame({ projectId, name }: { projectId: string; name: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const [logsOpen, setLogsOpen] = useLocalStorage({ key: 'genglossary.logPanelOpen', defaultValue: true });
  return (
    <>
      <Group px="md" pt={8} gap="md" justify="space-between" wrap="nowrap">
        <Title order={1} size="h4" style={{ minWidth: 0 }} lineClamp={1}>
          {name}
        </Title>
      </Group>
      <RunBar projectId={projectId} />
      <Box component="nav" aria-label={t('tabs.label')} px="md" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <ScrollArea type="never">
          <Group gap={0} wrap="nowrap">
            {TABS.map((tab) => (
              <NavLink key={tab} to={paths[tab](projectId)} end={tab !== 'runs'} style={{ textDecoration: 'none' }}>
                {({ isActive }) => (
                  <Box
                    component="span"
                    px="sm"
                    py={8}
                    display="inline-block"
                    fw={isActive ? 600 : 400}
                    c={isActive ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-text)'}
                    style={{ borderBottom: `2px solid ${isActive ? 'var(--mantine-primary-color-filled)' : 'transparent'}`, whiteSpace: 'nowrap' }}
                  >
                    {t(`tabs.${tab}`)}
                  </Box>
                )}
              </NavLink>
            ))}
          </Group>
        </ScrollArea>
      </Box>
      <Box style={{ flex: '1 1 auto', minHeight: 0, overflow: 'auto' }} p="md">
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </Box>
      <LogDock open={logsOpen} onToggle={() => setLogsOpen(!logsOpen)} />
    </>
  );
}

function LogDock({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  const { run } = useCurrentRun();
  // A run's own page shows its log full size: a second panel (and subscription) would repeat it.
  const { runId: pageRunId } = useParams();
  if (pageRunId) return null;
  return (
    <Box
      component="section"
      aria-label={t('common.logs')}
      style={{ flex: open ? '0 0 28vh' : '0 0 auto', display: 'flex', flexDirection: 'column', borderTop: '1px solid var(--mantine-color-default-border)', minHeight: 0 }}
    >
      <UnstyledButton onClick={onToggle} aria-expanded={open} px="md" py={4} style={{ display: 'block', width: '100%' }}>
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            {t('common.logs')}
          </Text>
          <Text size="xs" c="dimmed">
            {open ? t('common.hideLogs') : t('common.showLogs')} {open ? '▾' : '▴'}
          </Text>
        </Group>
      </UnstyledButton>
      {open && (
        <Box style={{ flex: '1 1 auto', minHeight: 0 }}>
          <ErrorBoundary resetKey={run?.id}>
            <LogPanel runId={run?.id ?? null} />
          </ErrorBoundary>
        </Box>
      )}
    </Box>
  );
}

const projectQuery = graphql(`
  query ProjectLayout_Project($id: ID!) {
    project(id: $id) {
      id
      name
    }
  }
`);

