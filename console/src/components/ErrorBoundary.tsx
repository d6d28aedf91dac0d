// A render error in one panel shows a message in its place instead of a blank page.
import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  children: ReactNode;
  /** Changing it clears the error (e.g. the route). */
  resetKey?: unknown;
  label?: string;
}
interface State {
  error: Error | null;
  resetKey: unknown;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('console: render failed', error, info.componentStack);
  }

  override render() {
    if (this.state.error) return <CrashNotice error={this.state.error} label={this.props.label} onReset={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}

export function CrashNotice({ error, label, onReset }: { error: unknown; label?: string; onReset?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" title={label ?? t('common.crashed')} role="alert">
      <Stack gap="xs">
        <Text size="sm">{t('common.crashed')}</Text>
        <Code block>{message}</Code>
        {onReset && (
          <Button size="xs" variant="light" color="red" onClick={onReset} w="fit-content">
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
