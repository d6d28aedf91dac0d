import { Text } from '@mantine/core';

export function ExportPage({ projectId }: { projectId: string }) {
  return <Text c="dimmed">ExportPage {projectId}</Text>;
}
