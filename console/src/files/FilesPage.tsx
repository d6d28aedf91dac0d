import { Text } from '@mantine/core';

export function FilesPage({ projectId }: { projectId: string }) {
  return <Text c="dimmed">FilesPage {projectId}</Text>;
}
