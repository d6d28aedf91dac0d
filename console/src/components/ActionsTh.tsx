// The header of a table's row-actions column (Rename, Remove, Exclude…): named for screen readers,
// blank on screen, where the buttons say what they do.
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function ActionsTh() {
  const { t } = useTranslation();
  return (
    <Table.Th>
      <span className="gg-visually-hidden">{t('common.actions')}</span>
    </Table.Th>
  );
}
