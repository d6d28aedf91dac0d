// PLACEHOLDER (console-ui): console-logs replaces this with the document viewer.
import { Text } from '@mantine/core';

export function DocumentViewerPage({ projectId, documentId, line }: { projectId: string; documentId: string; line: number | null }) {
  return (
    <Text c="dimmed">
      Document {documentId} of project {projectId}
      {line ? ` at line ${line}` : ''}
    </Text>
  );
}
