// The header of a searchable list page: its title, a search box and the page's own actions (a
// re-run button, "Paste text"…). The page keeps the search text (in the URL) and filters with it.
import { Group, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function ListToolbar({
  title,
  searchLabel,
  search,
  onSearch,
  children,
}: {
  title: string;
  /** The search box's accessible name, saying what it searches (e.g. "Search files"). */
  searchLabel: string;
  search: string;
  onSearch: (text: string) => void;
  /** The page's actions, after the search box. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between">
      <Title order={2} size="h4">
        {title}
      </Title>
      <Group>
        <TextInput size="xs" placeholder={t('common.search')} aria-label={searchLabel} value={search} onChange={(e) => onSearch(e.currentTarget.value)} />
        {children}
      </Group>
    </Group>
  );
}
