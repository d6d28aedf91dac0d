import { Text } from '@mantine/core';

export function RefinedPage({ projectId }: { projectId: string }) {
  return <Text c="dimmed">RefinedPage {projectId}</Text>;
}
