// The project list: name, documents, glossary size, last run; create, clone, rename, delete.
import { Anchor, Button, Container, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type CombinedError, useMutation, useQuery } from 'urql';
import { paths } from '../app/paths';
import { ActionsTh } from '../components/ActionsTh';
import { QueryError } from '../components/QueryError';
import { Empty, Loading } from '../components/States';
import { graphql } from '../gql';
import type { EngineKind, ProjectsPage_ProjectsQuery } from '../gql/graphql';
import { RunStatusBadge } from '../runbar/RunBar';

type ProjectRow = ProjectsPage_ProjectsQuery['projects'][number];
type Dialog = { kind: 'create' } | { kind: 'rename' | 'clone' | 'delete'; project: ProjectRow } | null;

export function ProjectsPage() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: projectsQuery, requestPolicy: 'cache-and-network' });
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const reload = () => reexecute({ requestPolicy: 'network-only' });

  return (
    <Container size="lg" py="md" style={{ overflow: 'auto' }} w="100%">
      <Group justify="space-between" mb="md">
        <Title order={1} size="h3">
          {t('projects.title')}
        </Title>
        <Button onClick={() => setDialog({ kind: 'create' })}>{t('projects.create')}</Button>
      </Group>
      {error && <QueryError error={error} onRetry={reload} />}
      {fetching && !data && <Loading />}
      {data && data.projects.length === 0 && <Empty>{t('projects.empty')}</Empty>}
      {data && data.projects.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover verticalSpacing="sm" aria-label={t('projects.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('projects.name')}</Table.Th>
                <Table.Th ta="right">{t('projects.documents')}</Table.Th>
                <Table.Th ta="right">{t('projects.glossarySize')}</Table.Th>
                <Table.Th>{t('projects.lastRun')}</Table.Th>
                <ActionsTh />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.projects.map((p) => {
                const run = p.currentRun;
                const when = run?.finishedAt ?? run?.startedAt ?? run?.createdAt;
                return (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Anchor component={Link} to={paths.files(p.id)} fw={500}>
                        {p.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">{p.documentCount}</Table.Td>
                    <Table.Td ta="right">{p.refinedEntries.length}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <RunStatusBadge status={run?.status} />
                        {when && (
                          <Text size="xs" c="dimmed">
                            {new Date(when).toLocaleString()}
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="compact-xs" variant="subtle" aria-label={t('projects.renameNamed', { name: p.name })} onClick={() => setDialog({ kind: 'rename', project: p })}>
                          {t('projects.rename')}
                        </Button>
                        <Button size="compact-xs" variant="subtle" aria-label={t('projects.cloneNamed', { name: p.name })} onClick={() => setDialog({ kind: 'clone', project: p })}>
                          {t('projects.clone')}
                        </Button>
                        <Button size="compact-xs" variant="subtle" color="red" aria-label={t('projects.deleteNamed', { name: p.name })} onClick={() => setDialog({ kind: 'delete', project: p })}>
                          {t('common.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'create' && <CreateProjectDialog onClose={close} />}
      {dialog?.kind === 'rename' && <RenameProjectDialog project={dialog.project} onClose={close} />}
      {dialog?.kind === 'clone' && <CloneProjectDialog project={dialog.project} onClose={close} />}
      {dialog?.kind === 'delete' && <DeleteProjectDialog project={dialog.project} onClose={close} onDeleted={reload} />}
    </Container>
  );
}

/** A modal with one name field, the server's refusal shown under it. */
function NameDialog(props: {
  title: string;
  label: string;
  submit: string;
  initial: string;
  busy: boolean;
  error: CombinedError | undefined;
  extra?: ReactNode;
  onSubmit: (name: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(props.initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit(name);
  };
  return (
    <Modal opened onClose={props.onClose} title={props.title} centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={props.label} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus required maxLength={100} />
          {props.extra}
          <QueryError error={props.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={props.busy} disabled={!name.trim()}>
              {props.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CreateProjectDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [state, create] = useMutation(createMutation);
  const [engine, setEngine] = useState<EngineKind>('OFFLINE');
  return (
    <NameDialog
      title={t('projects.create')}
      label={t('projects.name')}
      submit={t('projects.createSubmit')}
      initial=""
      busy={state.fetching}
      error={state.error}
      extra={
        <Select
          label={t('settings.engine')}
          value={engine}
          onChange={(v) => v && setEngine(v as EngineKind)}
          allowDeselect={false}
          data={(['OFFLINE', 'OLLAMA', 'OPENAI'] as const).map((e) => ({ value: e, label: t(`settings.engines.${e}`) }))}
        />
      }
      onClose={onClose}
      onSubmit={async (name) => {
        const result = await create({ input: { name, engine } });
        if (result.data) {
          notifications.show({ color: 'teal', message: t('projects.created', { name: result.data.createProject.name }) });
          navigate(paths.files(result.data.createProject.id));
        }
      }}
    />
  );
}

function RenameProjectDialog({ project, onClose }: { project: ProjectRow; onClose: () => void }) {
  const { t } = useTranslation();
  const [state, rename] = useMutation(renameMutation);
  return (
    <NameDialog
      title={t('projects.renameNamed', { name: project.name })}
      label={t('projects.newName')}
      submit={t('projects.rename')}
      initial={project.name}
      busy={state.fetching}
      error={state.error}
      onClose={onClose}
      onSubmit={async (name) => {
        const result = await rename({ id: project.id, name });
        if (result.data) onClose();
      }}
    />
  );
}

function CloneProjectDialog({ project, onClose }: { project: ProjectRow; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [state, clone] = useMutation(cloneMutation);
  return (
    <NameDialog
      title={t('projects.cloneNamed', { name: project.name })}
      label={t('projects.newName')}
      submit={t('projects.clone')}
      initial={t('projects.copyName', { name: project.name })}
      busy={state.fetching}
      error={state.error}
      extra={
        <Text size="sm" c="dimmed">
          {t('projects.cloneHint')}
        </Text>
      }
      onClose={onClose}
      onSubmit={async (name) => {
        const result = await clone({ id: project.id, name });
        if (result.data) {
          notifications.show({ color: 'teal', message: t('projects.cloned', { name: result.data.cloneProject.name }) });
          navigate(paths.files(result.data.cloneProject.id));
        }
      }}
    />
  );
}

function DeleteProjectDialog({ project, onClose, onDeleted }: { project: ProjectRow; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const [state, remove] = useMutation(deleteMutation);
  return (
    <Modal opened onClose={onClose} title={t('projects.deleteNamed', { name: project.name })} centered>
      <Stack>
        <Text size="sm">{t('projects.deleteConfirm', { name: project.name, documents: project.documentCount })}</Text>
        <QueryError error={state.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            loading={state.fetching}
            onClick={async () => {
              const result = await remove({ id: project.id });
              if (!result.error) {
                notifications.show({ color: 'teal', message: t('projects.deleted', { name: project.name }) });
                onClose();
                onDeleted();
              }
            }}
          >
            {t('projects.deleteSubmit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const projectsQuery = graphql(`
  query ProjectsPage_Projects {
    projects {
      id
      name
      documentCount
      refinedEntries {
        id
      }
      currentRun {
        id
        status
        createdAt
        startedAt
        finishedAt
      }
    }
  }
`);

const createMutation = graphql(`
  mutation ProjectsPage_Create($input: CreateProjectInput!) {
    createProject(input: $input) {
      id
      name
    }
  }
`);

const renameMutation = graphql(`
  mutation ProjectsPage_Rename($id: ID!, $name: String!) {
    updateProject(id: $id, input: { name: $name }) {
      id
      name
    }
  }
`);

const cloneMutation = graphql(`
  mutation ProjectsPage_Clone($id: ID!, $name: String!) {
    cloneProject(id: $id, name: $name) {
      id
      name
    }
  }
`);

const deleteMutation = graphql(`
  mutation ProjectsPage_Delete($id: ID!) {
    deleteProject(id: $id)
  }
`);
