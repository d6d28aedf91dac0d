// Explicit loading and empty states, so no view is ever silently blank.
import { Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {label ?? t('common.loading')}
        </Text>
      </Stack>
    </Center>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Text c="dimmed" size="sm">
        {children ?? t('common.empty')}
      </Text>
    </Center>
  );
}

/**
 * What a searched list shows when it has no row to show: its own empty text when there is nothing
 * at all, "nothing matches" when the search hides everything; nothing while rows are shown.
 */
export function NoRows({ total, shown, emptyText }: { total: number; shown: number; emptyText: ReactNode }) {
  const { t } = useTranslation();
  if (total === 0) return <Empty>{emptyText}</Empty>;
  if (shown === 0) return <Empty>{t('common.noMatch')}</Empty>;
  return null;
}
