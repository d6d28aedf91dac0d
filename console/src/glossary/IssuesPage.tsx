import { Text } from '@mantine/core';

export function IssuesPage({ projectId }: { projectId: string }) {
  return <Text c="dimmed">IssuesPage {projectId}</Text>;
}
