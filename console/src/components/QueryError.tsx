// How the console shows an API error: the server's message and its extensions.code, with a retry.
import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { apiProblem } from './api-problem';

export { apiProblem, type ApiProblem } from './api-problem';

export function QueryError({
  error,
  onRetry,
  title,
  hideProblems,
}: {
  error: CombinedError | Error | undefined | null;
  onRetry?: () => void;
  title?: string;
  /** The caller lists the problems itself (e.g. per file). */
  hideProblems?: boolean;
}) {
  const { t } = useTranslation();
  const problem = apiProblem(error);
  if (!problem) return null;
  const network = problem.code === 'NETWORK_ERROR';
  return (
    <Alert color="red" title={title ?? t('common.error')} role="alert" variant="light">
      <Stack gap={6}>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {network ? `${t('common.networkError')} (${problem.message})` : problem.message}
        </Text>
        {problem.problems.length > 0 && !hideProblems && (
          <List size="sm" aria-label="problems">
            {problem.problems.map((p, i) => (
              <List.Item key={i}>
                {p.fileName ? <strong>{p.fileName}: </strong> : null}
                {p.message}
              </List.Item>
            ))}
          </List>
        )}
        {problem.code && !network && (
          <Text size="xs" c="dimmed" ff="monospace">
            {t('common.errorCode', { code: problem.code })}
          </Text>
        )}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
