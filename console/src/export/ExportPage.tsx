// Downloads of the glossary. Each format is one entry of FORMATS (a typed query and how to pick
// its text), so adding CSV or TBX is one entry more.
import { Button, Code, Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CombinedError, useClient } from 'urql';
import { QueryError } from '../components/QueryError';
import { graphql } from '../gql';
import { exportFileName } from './file-name';

interface ExportFormat {
  key: string;
  /** File name extension and MIME type of the download. */
  extension: string;
  mime: string;
  fetch: (client: ReturnType<typeof useClient>, projectId: string) => Promise<{ text?: string; name?: string; error?: CombinedError }>;
}

export const FORMATS: ExportFormat[] = [
  {
    key: 'markdown',
    extension: 'md',
    mime: 'text/markdown;charset=utf-8',
    fetch: async (client, projectId) => {
      const r = await client.query(markdownQuery, { projectId }, { requestPolicy: 'network-only' }).toPromise();
      return { text: r.data?.project.exportMarkdown, name: r.data?.project.name, error: r.error };
    },
  },
  {
    key: 'json',
    extension: 'json',
    mime: 'application/json;charset=utf-8',
    fetch: async (client, projectId) => {
      const r = await client.query(jsonQuery, { projectId }, { requestPolicy: 'network-only' }).toPromise();
      return { text: r.data?.project.exportJson, name: r.data?.project.name, error: r.error };
    },
  },
  {
    key: 'csv',
    extension: 'csv',
    mime: 'text/csv;charset=utf-8',
    fetch: async (client, projectId) => {
      const r = await client.query(csvQuery, { projectId }, { requestPolicy: 'network-only' }).toPromise();
      return { text: r.data?.project.exportCsv, name: r.data?.project.name, error: r.error };
    },
  },
  {
    key: 'tbx',
    extension: 'tbx',
    mime: 'application/x-tbx+xml;charset=utf-8',
    fetch: async (client, projectId) => {
      const r = await client.query(tbxQuery, { projectId }, { requestPolicy: 'network-only' }).toPromise();
      return { text: r.data?.project.exportTbx, name: r.data?.project.name, error: r.error };
    },
  },
];


function download(text: string, fileName: string, mime: string) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<CombinedError | undefined>();
  const [preview, setPreview] = useState<{ key: string; text: string } | null>(null);

  const run = async (format: ExportFormat, action: 'download' | 'preview') => {
    setBusy(`${format.key}:${action}`);
    setError(undefined);
    const result = await format.fetch(client, projectId);
    setBusy(null);
    if (result.error || result.text === undefined) return setError(result.error);
    if (action === 'download') download(result.text, exportFileName(result.name ?? '', format.extension), format.mime);
    else setPreview({ key: format.key, text: result.text });
  };

  return (
    <Stack>
      <Title order={2} size="h4">
        {t('export.title')}
      </Title>
      <QueryError error={error} />
      <Stack gap="xs" role="list" aria-label={t('export.formats')}>
        {FORMATS.map((f) => (
          <Paper key={f.key} withBorder p="sm" role="listitem">
            <Group justify="space-between">
              <Stack gap={0}>
                <Text fw={600}>{t(`export.format.${f.key}.name`)}</Text>
                <Text size="sm" c="dimmed">
                  {t(`export.format.${f.key}.description`)}
                </Text>
              </Stack>
              <Group gap="xs">
                <Button size="xs" variant="default" loading={busy === `${f.key}:preview`} onClick={() => void run(f, 'preview')} aria-label={t('export.previewNamed', { format: t(`export.format.${f.key}.name`) })}>
                  {t('export.preview')}
                </Button>
                <Button size="xs" loading={busy === `${f.key}:download`} onClick={() => void run(f, 'download')}>
                  {t('export.download', { format: t(`export.format.${f.key}.name`) })}
                </Button>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      {preview && (
        <Paper withBorder p="sm">
          <Text size="sm" fw={600} mb="xs">
            {t('export.previewOf', { format: t(`export.format.${preview.key}.name`) })}
          </Text>
          <ScrollArea.Autosize mah={480}>
            <Code block style={{ whiteSpace: 'pre-wrap' }}>
              {preview.text}
            </Code>
          </ScrollArea.Autosize>
        </Paper>
      )}
    </Stack>
  );
}

const markdownQuery = graphql(`
  query ExportPage_Markdown($projectId: ID!) {
    project(id: $projectId) {
      id
      name
      exportMarkdown
    }
  }
`);

const jsonQuery = graphql(`
  query ExportPage_Json($projectId: ID!) {
    project(id: $projectId) {
      id
      name
      exportJson
    }
  }
`);

const csvQuery = graphql(`
  query ExportPage_Csv($projectId: ID!) {
    project(id: $projectId) {
      id
      name
      exportCsv
    }
  }
`);

const tbxQuery = graphql(`
  query ExportPage_Tbx($projectId: ID!) {
    project(id: $projectId) {
      id
      name
      exportTbx
    }
  }
`);
