// A project's documents: add many .md/.txt files at once (drop or pick) or paste text; the
// server's all-or-nothing refusal is shown per file; remove; open in the document viewer.
import { Anchor, Button, Group, List, Modal, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type CombinedError, useMutation, useQuery } from 'urql';
import { paths } from '../app/paths';
import { matches, useUrlParam } from '../app/url-state';
import { apiProblem, QueryError } from '../components/QueryError';
import { ActionsTh } from '../components/ActionsTh';
import { ListToolbar } from '../components/ListToolbar';
import { Loading, NoRows } from '../components/States';
import { graphql } from '../gql';
import type { DocumentInput } from '../gql/graphql';

const ACCEPT = { 'text/markdown': ['.md', '.markdown'], 'text/plain': ['.txt', '.md', '.markdown'] };

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function FilesPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: documentsQuery, variables: { projectId }, requestPolicy: 'cache-and-network' });
  const [addState, add] = useMutation(addMutation);
  const [, remove] = useMutation(removeMutation);
  const [refusal, setRefusal] = useState<{ error: CombinedError; files: string[] } | null>(null);
  const [pasteOpen, setPasteOpen] = useState(false);
  const [search, setSearch] = useUrlParam('q');
  const reload = () => reexecute({ requestPolicy: 'network-only' });

  const upload = async (documents: DocumentInput[]) => {
    setRefusal(null);
    const result = await add({ projectId, documents });
    if (result.error) {
      setRefusal({ error: result.error, files: documents.map((d) => d.fileName) });
      return false;
    }
    notifications.show({ color: 'teal', message: t('files.added', { count: documents.length }) });
    reload();
    return true;
  };

  const onDrop = async (files: File[]) => {
    const documents = await Promise.all(files.map(async (f) => ({ fileName: (f as File & { path?: string }).path?.replace(/^\.?\//, '') || f.name, content: await f.text() })));
    await upload(documents);
  };

  const docs = data?.project.documents.filter((d) => matches(d.fileName, search)) ?? [];
  return (
    <Stack>
      <ListToolbar title={t('files.title')} searchLabel={t('files.search')} search={search} onSearch={setSearch}>
        <Button size="xs" variant="default" onClick={() => setPasteOpen(true)}>
          {t('files.paste')}
        </Button>
      </ListToolbar>
      <Dropzone onDrop={(f) => void onDrop(f)} accept={ACCEPT} multiple loading={addState.fetching} aria-label={t('files.dropzone')} onReject={(rejected) => notifications.show({ color: 'red', title: t('files.rejectedTitle'), message: rejected.map((r) => r.file.name).join(', ') })}>
        <Stack align="center" gap={4} py="md" style={{ pointerEvents: 'none' }}>
          <Text fw={500}>{t('files.dropTitle')}</Text>
          <Text size="sm" c="dimmed">
            {t('files.dropHint')}
          </Text>
        </Stack>
      </Dropzone>
      {refusal && <UploadRefusal error={refusal.error} files={refusal.files} onClose={() => setRefusal(null)} />}
      {error && <QueryError error={error} onRetry={reload} />}
      {fetching && !data && <Loading />}
      {data && <NoRows total={data.project.documents.length} shown={docs.length} emptyText={t('files.empty')} />}
      {docs.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover aria-label={t('files.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('files.fileName')}</Table.Th>
                <Table.Th ta="right">{t('files.size')}</Table.Th>
                <Table.Th>{t('files.added_at')}</Table.Th>
                <ActionsTh />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {docs.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor component={Link} to={paths.document(projectId, d.id)}>
                      {d.fileName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">{formatBytes(d.sizeBytes)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {new Date(d.createdAt).toLocaleString()}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      aria-label={t('files.removeNamed', { name: d.fileName })}
                      onClick={async () => {
                        const result = await remove({ id: d.id });
                        if (result.error) notifications.show({ color: 'red', title: t('files.removeFailed'), message: apiProblem(result.error)?.message ?? '' });
                        else reload();
                      }}
                    >
                      {t('common.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pasteOpen && <PasteDialog onClose={() => setPasteOpen(false)} upload={upload} busy={addState.fetching} />}
    </Stack>
  );
}

/** The server refused the whole upload: say so, then list each file's problem. */
function UploadRefusal({ error, files, onClose }: { error: CombinedError; files: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const problem = apiProblem(error);
  const byFile = new Map<string, string[]>();
  for (const p of problem?.problems ?? []) {
    const key = p.fileName ?? '';
    byFile.set(key, [...(byFile.get(key) ?? []), p.message]);
  }
  return (
    <Stack gap="xs">
      <QueryError error={error} title={t('files.refused', { count: files.length })} hideProblems={byFile.size > 0} />
      {byFile.size > 0 && (
        <List size="sm" aria-label={t('files.perFile')} spacing={2}>
          {files.map((f) => (
            <List.Item key={f} c={byFile.has(f) ? 'red' : 'dimmed'}>
              <strong>{f}</strong>: {byFile.get(f)?.join('; ') ?? t('files.notAdded')}
            </List.Item>
          ))}
        </List>
      )}
      <Button size="xs" variant="subtle" w="fit-content" onClick={onClose}>
        {t('common.close')}
      </Button>
    </Stack>
  );
}

function PasteDialog({ onClose, upload, busy }: { onClose: () => void; upload: (d: DocumentInput[]) => Promise<boolean>; busy: boolean }) {
  const { t } = useTranslation();
  const [fileName, setFileName] = useState('pasted.md');
  const [content, setContent] = useState('');
  return (
    <Modal opened onClose={onClose} title={t('files.paste')} size="lg" centered>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await upload([{ fileName: fileName.trim(), content }])) onClose();
        }}
      >
        <Stack>
          <TextInput label={t('files.fileName')} value={fileName} onChange={(e) => setFileName(e.currentTarget.value)} required />
          <Textarea label={t('files.content')} value={content} onChange={(e) => setContent(e.currentTarget.value)} autosize minRows={8} maxRows={20} data-autofocus required />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!fileName.trim() || !content}>
              {t('files.addPasted')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const documentsQuery = graphql(`
  query FilesPage_Documents($projectId: ID!) {
    project(id: $projectId) {
      id
      documentCount
      documents {
        id
        fileName
        sizeBytes
        createdAt
      }
    }
  }
`);

const addMutation = graphql(`
  mutation FilesPage_Add($projectId: ID!, $documents: [DocumentInput!]!) {
    addDocuments(projectId: $projectId, documents: $documents) {
      id
      fileName
    }
  }
`);

const removeMutation = graphql(`
  mutation FilesPage_Remove($id: ID!) {
    removeDocument(id: $id)
  }
`);
