import { Text } from '@mantine/core';

export function ProvisionalPage({ projectId }: { projectId: string }) {
  return <Text c="dimmed">ProvisionalPage {projectId}</Text>;
}
