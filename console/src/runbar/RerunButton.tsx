// The re-run button of a tab: starts the run scope that rebuilds what the tab shows.
import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RunScope } from '../gql/graphql';
import { useStartRun } from './RunBar';

export function RerunButton({ projectId, scope }: { projectId: string; scope: RunScope }) {
  const { t } = useTranslation();
  const { run: start, starting } = useStartRun(projectId);
  return (
    <Button size="xs" variant="light" loading={starting} onClick={() => void start(scope)}>
      {t('run.rerun', { step: t(`run.scope.${scope}`) })}
    </Button>
  );
}
