import { Text } from '@mantine/core';

export function SettingsPage({ projectId }: { projectId: string }) {
  return <Text c="dimmed">SettingsPage {projectId}</Text>;
}
