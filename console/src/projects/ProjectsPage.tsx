import { Text } from '@mantine/core';

export function ProjectsPage() {
  return <Text c="dimmed">Projects</Text>;
}
