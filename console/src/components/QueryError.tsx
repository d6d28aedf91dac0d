// How the console shows an API error: the server's message and its extensions.code, with a retry.
import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';

export interface ApiProblem {
  message: string;
  code?: string;
  /** BAD_USER_INPUT's problems: one line per refused item (e.g. per file of an upload). */
  problems: { fileName?: string; message: string }[];
  extensions?: Record<string, unknown>;
}

/** The first GraphQL error (or the network error) as something to show. */
export function apiProblem(error: CombinedError | Error | undefined | null): ApiProblem | null {
  if (!error) return null;
  const combined = error as CombinedError;
  const gqlError = combined.graphQLErrors?.[0];
  if (gqlError) {
    const extensions = (gqlError.extensions ?? {}) as Record<string, unknown>;
    // The server spreads an error's details into extensions (e.g. extensions.problems).
    const details = (extensions.details as { problems?: unknown } | undefined) ?? extensions;
    const problems = Array.isArray(details.problems)
      ? details.problems.map((p) => {
          const item = p as Record<string, unknown>;
          return {
            fileName: typeof item.fileName === 'string' ? item.fileName : undefined,
            message: typeof item.message === 'string' ? item.message : typeof item.problem === 'string' ? item.problem : JSON.stringify(p),
          };
        })
      : [];
    return { message: gqlError.message, code: typeof extensions.code === 'string' ? extensions.code : undefined, problems, extensions };
  }
  if (combined.networkError) return { message: combined.networkError.message, code: 'NETWORK_ERROR', problems: [] };
  return { message: error.message, problems: [] };
}

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
