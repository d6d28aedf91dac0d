// The table of a glossary (provisional or refined): search in the URL, definitions edited in
// place, and the entry's detail in a drawer (?entry=<id>, so a link opens it).
import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { matches, useUrlParam } from '../app/url-state';
import { ListToolbar } from '../components/ListToolbar';
import { NoRows } from '../components/States';
import { EditableDefinition } from './EditableDefinition';
import { ConfidenceBar, type DetailEntry, EntryDetail, SourceLink } from './EntryDetail';

/**
 * Column widths (px). The definition takes what is left but never less than its minimum: a narrow
 * window scrolls the table sideways instead of squeezing definitions to a few words a line.
 */
const COLUMN = { position: 40, term: 180, definitionMin: 280, confidence: 130, sources: 180, unresolved: 110 };

export interface ViewEntry extends DetailEntry {
  termKey: string;
  position: number;
}

/** One of the review's issues; an entry's detail lists those of its term. */
export interface ViewIssue {
  termKey: string;
  type: string;
  description: string;
}

export function EntriesView({
  projectId,
  title,
  entries,
  issues,
  onSave,
  actions,
  emptyText,
}: {
  projectId: string;
  title: string;
  entries: ViewEntry[];
  issues: ViewIssue[];
  onSave: (id: string, text: string) => Promise<CombinedError | undefined>;
  actions: ReactNode;
  emptyText: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useUrlParam('q');
  const [selected, setSelected] = useUrlParam('entry');
  const rows = useMemo(
    () => entries.filter((e) => matches(e.term, search) || matches(e.definition, search) || (e.aliases ?? []).some((a) => matches(a, search))),
    [entries, search],
  );
  const selectedEntry = entries.find((e) => e.id === selected) ?? null;
  const issuesOf = (termKey: string) => issues.filter((i) => i.termKey === termKey);
  const showUnresolved = entries.some((e) => e.unresolvedIssues !== undefined);

  return (
    <Stack>
      <ListToolbar title={title} searchLabel={t('glossary.search')} search={search} onSearch={setSearch}>
        {actions}
      </ListToolbar>
      <NoRows total={entries.length} shown={rows.length} emptyText={emptyText} />
      {rows.length > 0 && (
        // While an entry's side panel is open the table stays usable (open another entry, switch
        // tabs) but read-only, so there is one "Edit" and one "Save": the panel's.
        <Table.ScrollContainer minWidth={COLUMN.position + COLUMN.term + COLUMN.definitionMin + COLUMN.confidence + COLUMN.sources + (showUnresolved ? COLUMN.unresolved : 0)}>
          <Table striped verticalSpacing="sm" aria-label={title}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={COLUMN.position}>#</Table.Th>
                <Table.Th w={COLUMN.term}>{t('glossary.term')}</Table.Th>
                <Table.Th miw={COLUMN.definitionMin}>{t('glossary.definition')}</Table.Th>
                <Table.Th w={COLUMN.confidence} style={{ whiteSpace: 'nowrap' }}>
                  {t('glossary.confidence')}
                </Table.Th>
                <Table.Th w={COLUMN.sources}>{t('glossary.sources')}</Table.Th>
                {showUnresolved && (
                  <Table.Th w={COLUMN.unresolved} style={{ whiteSpace: 'nowrap' }}>
                    {t('glossary.unresolvedShort')}
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.position + 1}</Table.Td>
                  <Table.Td>
                    <Anchor component="button" type="button" fw={500} onClick={() => setSelected(e.id)} aria-label={t('glossary.openNamed', { term: e.term })} ta="left">
                      {e.term}
                    </Anchor>
                    {e.editedByUser && (
                      <Badge size="xs" variant="light" ml={6}>
                        {t('glossary.edited')}
                      </Badge>
                    )}
                    {e.aliases && e.aliases.length > 0 && (
                      <Text size="xs" c="dimmed">
                        {e.aliases.join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <EditableDefinition term={e.term} definition={e.definition} onSave={(text) => onSave(e.id, text)} readOnly={selectedEntry !== null} />
                  </Table.Td>
                  <Table.Td>
                    <ConfidenceBar value={e.confidence} />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {e.sources.slice(0, 2).map((s, i) => (
                        <SourceLink key={i} projectId={projectId} source={s} />
                      ))}
                      {e.sources.length > 2 && (
                        <Text size="xs" c="dimmed">
                          {t('glossary.moreSources', { count: e.sources.length - 2 })}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  {showUnresolved && <Table.Td>{e.unresolvedIssues?.length ? <Badge color="yellow" variant="light">{e.unresolvedIssues.length}</Badge> : null}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <EntryDetail projectId={projectId} entry={selectedEntry} issues={selectedEntry ? issuesOf(selectedEntry.termKey) : []} onClose={() => setSelected('')} onSave={onSave} />
    </Stack>
  );
}
