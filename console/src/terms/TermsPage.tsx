// Extracted terms by rank (search and sort in the URL); exclude a term; add required terms; the
// lists of required and excluded terms, each with undo; synonym groups: select terms and merge
// them, the groups and the engine's suggestions (SynonymGroups.tsx).
import { Anchor, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { paths } from '../app/paths';
import { compareBy, SortableTh, useSort } from '../app/SortableTh';
import { matches, useUrlParam } from '../app/url-state';
import { apiProblem, QueryError } from '../components/QueryError';
import { ActionsTh } from '../components/ActionsTh';
import { ListToolbar } from '../components/ListToolbar';
import { Loading, NoRows } from '../components/States';
import { graphql } from '../gql';
import type { TermsPage_TermsQuery } from '../gql/graphql';
import { useReloadWhenRunEnds } from '../runbar/current-run';
import { RerunButton } from '../runbar/RerunButton';
import { MergeDialog, type SelectedTerm, SuggestionsPanel, SynonymGroupsPanel } from './SynonymGroups';

type TermRow = TermsPage_TermsQuery['project']['terms'][number];
const PAGE = 200;

const SORT_VALUES: Record<string, (t: TermRow) => string | number> = {
  rank: (t) => t.rank,
  term: (t) => t.text,
  category: (t) => t.category,
  frequency: (t) => t.frequency,
  documents: (t) => t.documentCount,
};

export function TermsPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: termsQuery, variables: { projectId }, requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  useReloadWhenRunEnds(reload);
  const [search, setSearch] = useUrlParam('q');
  const sort = useSort('rank');
  const [shown, setShown] = useState(PAGE);
  const [, exclude] = useMutation(excludeMutation);
  const [, unexclude] = useMutation(removeExcludedMutation);
  const [, require] = useMutation(requireMutation);
  const [, unrequire] = useMutation(removeRequiredMutation);
  const [newTerm, setNewTerm] = useState('');
  const [requireError, setRequireError] = useState<ReturnType<typeof apiProblem>>(null);
  // Selected terms by text (what the synonym mutations take), kept across search and sort.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [merging, setMerging] = useState(false);
  const toggle = (text: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(text);
    else next.delete(text);
    setSelected(next);
  };
  const selectedTerms = useMemo<SelectedTerm[]>(() => {
    const byText = new Map((data?.project.terms ?? []).map((term) => [term.text, term]));
    return [...selected].map((text) => ({ text, group: byText.get(text)?.synonymGroup ?? null }));
  }, [selected, data]);

  const rows = useMemo(() => {
    const all = data?.project.terms ?? [];
    const found = all.filter((term) => matches(term.text, search) || term.aliases.some((a) => matches(a, search)) || matches(term.category, search));
    return [...found].sort(compareBy(SORT_VALUES[sort.sort] ?? SORT_VALUES.rank!, sort.dir));
  }, [data, search, sort.sort, sort.dir]);

  const fail = (title: string, e: Parameters<typeof apiProblem>[0]) => notifications.show({ color: 'red', title, message: apiProblem(e)?.message ?? '' });

  const excludeTerm = async (text: string) => {
    const result = await exclude({ projectId, text });
    if (result.error) return fail(t('terms.excludeFailed'), result.error);
    reload();
    const id = `exclude-${text}`;
    notifications.show({
      id,
      message: (
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">{t('terms.excluded_one', { term: text })}</Text>
          <Button
            size="compact-xs"
            variant="light"
            onClick={async () => {
              notifications.hide(id);
              const undo = await unexclude({ projectId, text });
              if (undo.error) fail(t('terms.undoFailed'), undo.error);
              reload();
            }}
          >
            {t('common.undo')}
          </Button>
        </Group>
      ),
    });
  };

  const addRequired = async () => {
    setRequireError(null);
    const result = await require({ projectId, text: newTerm });
    if (result.error) return setRequireError(apiProblem(result.error));
    setNewTerm('');
    reload();
  };

  return (
    <Stack>
      <ListToolbar title={t('terms.title')} searchLabel={t('terms.search')} search={search} onSearch={setSearch}>
        <RerunButton projectId={projectId} scope="EXTRACT" />
      </ListToolbar>
      {error && <QueryError error={error} onRetry={reload} />}
      {fetching && !data && <Loading />}
      {data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Paper withBorder p="sm">
            <Stack gap="xs">
              <Title order={3} size="h6">
                {t('terms.required')}
              </Title>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void addRequired();
                }}
              >
                <Group gap="xs" align="flex-start">
                  <TextInput
                    size="xs"
                    style={{ flex: 1 }}
                    aria-label={t('terms.requiredInput')}
                    placeholder={t('terms.requiredInput')}
                    value={newTerm}
                    onChange={(e) => setNewTerm(e.currentTarget.value)}
                    error={requireError?.message}
                  />
                  <Button size="xs" type="submit" disabled={!newTerm.trim()}>
                    {t('terms.addRequired')}
                  </Button>
                </Group>
              </form>
              <TermChips
                label={t('terms.required')}
                items={data.project.requiredTerms.map((r) => ({ id: r.id, text: r.text }))}
                empty={t('terms.noRequired')}
                actionLabel={(term) => t('terms.removeRequired', { term })}
                onAction={async (text) => {
                  const r = await unrequire({ projectId, text });
                  if (r.error) fail(t('terms.undoFailed'), r.error);
                  reload();
                }}
              />
            </Stack>
          </Paper>
          <Paper withBorder p="sm">
            <Stack gap="xs">
              <Title order={3} size="h6">
                {t('terms.excluded')}
              </Title>
              <TermChips
                label={t('terms.excluded')}
                items={data.project.excludedTerms.map((r) => ({ id: r.id, text: r.text, note: r.source === 'auto' ? t('terms.auto') : undefined }))}
                empty={t('terms.noExcluded')}
                actionLabel={(term) => t('terms.restore', { term })}
                onAction={async (text) => {
                  const r = await unexclude({ projectId, text });
                  if (r.error) fail(t('terms.undoFailed'), r.error);
                  reload();
                }}
              />
            </Stack>
          </Paper>
        </SimpleGrid>
      )}
      {data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <SynonymGroupsPanel groups={data.project.synonymGroups} onChanged={reload} />
          <SuggestionsPanel projectId={projectId} suggestions={data.project.suggestedSynonymGroups} onChanged={reload} />
        </SimpleGrid>
      )}
      {selected.size > 0 && (
        // Sticky, so it stays in reach while ticking terms far down the list.
        <Group
          gap="xs"
          role="toolbar"
          aria-label={t('terms.selection')}
          py={6}
          style={{ position: 'sticky', top: 0, zIndex: 2, background: 'var(--mantine-color-body)' }}
        >
          <Text size="sm">{t('terms.selected', { count: selected.size })}</Text>
          <Button size="xs" disabled={selected.size < 2} onClick={() => setMerging(true)}>
            {t('terms.groups.mergeAction')}
          </Button>
          <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>
            {t('terms.clearSelection')}
          </Button>
        </Group>
      )}
      <MergeDialog
        projectId={projectId}
        selected={selectedTerms}
        opened={merging}
        onClose={() => setMerging(false)}
        onMerged={() => {
          setMerging(false);
          setSelected(new Set());
          notifications.show({ color: 'teal', message: t('terms.groups.merged') });
          reload();
        }}
      />
      {data && <NoRows total={data.project.terms.length} shown={rows.length} emptyText={t('terms.empty')} />}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover aria-label={t('terms.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>
                  <span className="gg-visually-hidden">{t('terms.select')}</span>
                </Table.Th>
                <SortableTh column="rank" sort={sort} align="right">
                  {t('terms.rank')}
                </SortableTh>
                <SortableTh column="term" sort={sort}>
                  {t('terms.term')}
                </SortableTh>
                <SortableTh column="category" sort={sort}>
                  {t('terms.category')}
                </SortableTh>
                <SortableTh column="frequency" sort={sort} align="right">
                  {t('terms.frequency')}
                </SortableTh>
                <SortableTh column="documents" sort={sort} align="right">
                  {t('terms.documents')}
                </SortableTh>
                <Table.Th>{t('terms.aliases')}</Table.Th>
                <ActionsTh />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.slice(0, shown).map((term) => {
                const first = term.occurrences[0];
                return (
                  <Table.Tr key={term.id}>
                    <Table.Td>
                      <Checkbox
                        size="xs"
                        aria-label={t('terms.selectNamed', { term: term.text })}
                        checked={selected.has(term.text)}
                        onChange={(e) => toggle(term.text, e.currentTarget.checked)}
                      />
                    </Table.Td>
                    <Table.Td ta="right">{term.rank}</Table.Td>
                    <Table.Td fw={500}>
                      {first?.documentId ? (
                        <Anchor component={Link} to={paths.document(projectId, first.documentId, first.line)}>
                          {term.text}
                        </Anchor>
                      ) : (
                        term.text
                      )}
                      {term.synonymGroup && (
                        <Badge ml={6} size="xs" variant="light" color="violet" tt="none">
                          {term.synonymGroup.primary === term.text ? t('terms.groups.isPrimary') : t('terms.groups.inGroup', { primary: term.synonymGroup.primary })}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color="gray" tt="none">
                        {t(`terms.categories.${term.category}`, { defaultValue: term.category })}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{term.frequency}</Table.Td>
                    <Table.Td ta="right">{term.documentCount}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {term.aliases.join(', ')}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button size="compact-xs" variant="subtle" color="red" aria-label={t('terms.excludeNamed', { term: term.text })} onClick={() => void excludeTerm(term.text)}>
                        {t('terms.exclude')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {rows.length > shown && (
        <Button variant="default" size="xs" w="fit-content" onClick={() => setShown(shown + PAGE)}>
          {t('terms.showMore', { count: rows.length - shown })}
        </Button>
      )}
    </Stack>
  );
}

function TermChips({
  label,
  items,
  empty,
  actionLabel,
  onAction,
}: {
  label: string;
  items: { id: string; text: string; note?: string }[];
  empty: string;
  actionLabel: (term: string) => string;
  onAction: (text: string) => void;
}) {
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Group gap={6} role="list" aria-label={label}>
      {items.map((item) => (
        <Badge
          key={item.id}
          role="listitem"
          variant="outline"
          tt="none"
          size="lg"
          rightSection={
            <Button size="compact-xs" variant="subtle" px={4} aria-label={actionLabel(item.text)} onClick={() => onAction(item.text)}>
              ×
            </Button>
          }
        >
          {item.text}
          {item.note ? ` (${item.note})` : ''}
        </Badge>
      ))}
    </Group>
  );
}

const termsQuery = graphql(`
  query TermsPage_Terms($projectId: ID!) {
    project(id: $projectId) {
      id
      terms {
        id
        rank
        text
        key
        category
        frequency
        documentCount
        aliases
        occurrences {
          documentId
          line
        }
        synonymGroup {
          id
          primary
        }
      }
      synonymGroups {
        ...SynonymGroups_Group
      }
      suggestedSynonymGroups {
        primary
        memberReasons {
          text
          reason
        }
      }
      requiredTerms {
        id
        text
        key
      }
      excludedTerms {
        id
        text
        key
        source
      }
    }
  }
`);

const excludeMutation = graphql(`
  mutation TermsPage_Exclude($projectId: ID!, $text: String!) {
    excludeTerm(projectId: $projectId, text: $text) {
      id
      text
    }
  }
`);

const removeExcludedMutation = graphql(`
  mutation TermsPage_RemoveExcluded($projectId: ID!, $text: String!) {
    removeExcludedTerm(projectId: $projectId, text: $text) {
      id
    }
  }
`);

const requireMutation = graphql(`
  mutation TermsPage_Require($projectId: ID!, $text: String!) {
    addRequiredTerm(projectId: $projectId, text: $text) {
      id
      text
    }
  }
`);

const removeRequiredMutation = graphql(`
  mutation TermsPage_RemoveRequired($projectId: ID!, $text: String!) {
    removeRequiredTerm(projectId: $projectId, text: $text) {
      id
    }
  }
`);
