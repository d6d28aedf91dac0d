import { Text } from '@mantine/core';

export function TermsPage({ projectId }: { projectId: string }) {
  return <Text c="dimmed">TermsPage {projectId}</Text>;
}
