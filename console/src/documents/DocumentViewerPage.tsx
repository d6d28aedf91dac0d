// A document with its extracted terms highlighted. Clicking a term opens its card (category,
// definition from the refined glossary — else the provisional one — and its other occurrences,
// each a link to its line); `?line=N` scrolls to that line and marks it. Only this document's text
// is loaded.
import { Anchor, Badge, Box, CloseButton, Grid, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { paths } from '../app/paths';
import { useUrlParam } from '../app/url-state';
import { QueryError } from '../components/QueryError';
import { Empty, Loading } from '../components/States';
import { graphql } from '../gql';
import { createHighlighter } from './highlight';

export function DocumentViewerPage({ projectId, documentId, line }: { projectId: string; documentId: string; line: number | null }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: documentQuery, variables: { projectId, documentId }, requestPolicy: 'cache-and-network' });
  const [selected, setSelected] = useUrlParam('term');

  const project = data?.project;
  // Only the shown document's text is fetched (node), not every document's: a project may hold
  // megabytes. It must be one of this project's documents.
  const shown = data?.document?.__typename === 'Document' ? data.document : undefined;
  const document = shown && project?.documents.some((d) => d.id === shown.id) ? shown : undefined;
  const lines = useMemo(() => (document ? document.content.split(/\r?\n/) : []), [document]);
  const terms = useMemo(
    () => (project && document ? project.terms.filter((term) => term.occurrences.some((o) => o.fileName === document.fileName)) : []),
    [project, document],
  );
  const highlighter = useMemo(() => createHighlighter(terms), [terms]);
  const documentIdByName = useMemo(() => new Map(project?.documents.map((d) => [d.fileName, d.id]) ?? []), [project]);

  const marked = useRef<HTMLDivElement>(null);
  useEffect(() => {
    marked.current?.scrollIntoView({ block: 'center' });
  }, [line, lines]);

  if (error && !project) return <QueryError error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!project) return fetching ? <Loading /> : null;
  if (!document) return <Empty>{t('documents.notFound')}</Empty>;

  const term = project.terms.find((x) => x.id === selected);
  const definition = term
    ? (project.refinedEntries.find((e) => e.termKey === term.key)?.definition ?? project.provisionalEntries.find((e) => e.termKey === term.key)?.definition)
    : undefined;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="sm">
          <Anchor component={Link} to={paths.files(projectId)} size="sm">
            ← {t('documents.back')}
          </Anchor>
          <Title order={2} size="h4">
            {document.fileName}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {terms.length ? t('documents.terms', { count: terms.length }) : t('documents.noTerms')}
        </Text>
      </Group>
      <Grid gutter="sm">
        <Grid.Col span={{ base: 12, md: term ? 8 : 12 }}>
          <Paper withBorder p={0} component="article" aria-label={document.fileName} style={{ overflowX: 'auto' }}>
            {lines.map((text, i) => {
              const n = i + 1;
              const isMarked = n === line;
              return (
                <Box
                  key={n}
                  ref={isMarked ? marked : undefined}
                  id={`L${n}`}
                  aria-current={isMarked ? 'location' : undefined}
                  style={{
                    display: 'flex',
                    gap: 12,
                    paddingInline: 8,
                    background: isMarked ? 'var(--mantine-color-yellow-light)' : undefined,
                    borderLeft: `3px solid ${isMarked ? 'var(--mantine-color-yellow-6)' : 'transparent'}`,
                  }}
                >
                  <Text span size="sm" c="dimmed" ff="monospace" style={{ minWidth: '3em', textAlign: 'right', userSelect: 'none' }} aria-label={t('documents.line', { line: n })}>
                    {n}
                  </Text>
                  <Text span size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', flex: 1 }}>
                    {highlighter.split(text).map((seg, k) =>
                      seg.termId ? (
                        <UnstyledButton
                          key={k}
                          component="mark"
                          onClick={() => setSelected(seg.termId)}
                          aria-pressed={seg.termId === selected}
                          style={{
                            background: seg.termId === selected ? 'var(--mantine-color-blue-light-hover)' : 'var(--mantine-color-blue-light)',
                            borderRadius: 3,
                            paddingInline: 1,
                            cursor: 'pointer',
                            font: 'inherit',
                            color: 'inherit',
                          }}
                          role="button"
                          tabIndex={0}
                        >
                          {seg.text}
                        </UnstyledButton>
                      ) : (
                        <span key={k}>{seg.text}</span>
                      ),
                    )}
                  </Text>
                </Box>
              );
            })}
          </Paper>
        </Grid.Col>
        {term && (
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Paper withBorder p="sm" component="aside" aria-label={`${t('documents.card')}: ${term.text}`} style={{ position: 'sticky', top: 0 }}>
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Title order={3} size="h5">
                    {term.text}
                  </Title>
                  <CloseButton aria-label={t('documents.close')} onClick={() => setSelected('')} />
                </Group>
                <Group gap={6}>
                  <Badge variant="light">{t(`terms.categories.${term.category}`, { defaultValue: term.category })}</Badge>
                  {term.aliases.map((a) => (
                    <Badge key={a} variant="outline" color="gray">
                      {a}
                    </Badge>
                  ))}
                </Group>
                <Box>
                  <Text size="xs" c="dimmed">
                    {t('documents.definition')}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {definition ?? t('documents.noDefinition')}
                  </Text>
                </Box>
                <Box>
                  <Text size="xs" c="dimmed">
                    {t('documents.otherOccurrences')}
                  </Text>
                  {(() => {
                    // One link per line: a term used twice on a line (「焙煎度は焙煎の…」) is one place to go.
                    const seen = new Set<string>();
                    const others = term.occurrences.filter((o) => {
                      const at = `${o.fileName}:${o.line}`;
                      if ((o.fileName === document.fileName && o.line === line) || seen.has(at)) return false;
                      seen.add(at);
                      return true;
                    });
                    if (others.length === 0) return <Text size="sm">{t('documents.none')}</Text>;
                    return (
                      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                        {others.map((o, k) => {
                          const docId = o.documentId ?? documentIdByName.get(o.fileName);
                          return (
                            <li key={k}>
                              {docId ? (
                                <Anchor component={Link} to={`${paths.document(projectId, docId, o.line)}&term=${encodeURIComponent(term.id)}`} size="sm">
                                  {o.fileName}:{o.line}
                                </Anchor>
                              ) : (
                                <Text size="sm" span>
                                  {o.fileName}:{o.line}
                                </Text>
                              )}
                              <Text size="xs" c="dimmed" lineClamp={2}>
                                {o.context}
                              </Text>
                            </li>
                          );
                        })}
                      </Stack>
                    );
                  })()}
                </Box>
              </Stack>
            </Paper>
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}

const documentQuery = graphql(`
  query DocumentViewerPage_Project($projectId: ID!, $documentId: ID!) {
    document: node(id: $documentId) {
      __typename
      id
      ... on Document {
        fileName
        content
      }
    }
    project(id: $projectId) {
      id
      documents {
        id
        fileName
      }
      terms {
        id
        key
        text
        aliases
        category
        occurrences {
          documentId
          fileName
          line
          context
        }
      }
      refinedEntries {
        id
        termKey
        definition
      }
      provisionalEntries {
        id
        termKey
        definition
      }
    }
  }
`);
