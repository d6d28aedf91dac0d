// One glossary entry in full: definition (editable), confidence, sources linking to their line in
// the document viewer, related terms, unresolved issues and the review's issues for the term.
import type { ReactNode } from 'react';
import { Anchor, Badge, Divider, Drawer, Group, List, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CombinedError } from 'urql';
import { paths } from '../app/paths';
import { EditableDefinition } from './EditableDefinition';

export interface SourceRef {
  fileName: string;
  documentId?: string | null;
  line: number;
  context: string;
}

export interface DetailEntry {
  id: string;
  term: string;
  definition: string;
  confidence: number;
  sources: SourceRef[];
  aliases?: string[];
  relatedTerms?: string[];
  unresolvedIssues?: { type: string; description: string }[];
  notes?: string[];
  editedByUser?: boolean;
}

export function SourceLink({ projectId, source }: { projectId: string; source: SourceRef }) {
  const label = `${source.fileName}:${source.line}`;
  return source.documentId ? (
    <Anchor component={Link} to={paths.document(projectId, source.documentId, source.line)} size="sm" ff="monospace">
      {label}
    </Anchor>
  ) : (
    <Text span size="sm" ff="monospace" c="dimmed">
      {label}
    </Text>
  );
}

export function ConfidenceBar({ value }: { value: number }) {
  const { t } = useTranslation();
  const pct = Math.round(value * 100);
  return (
    <Group gap={6} wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
      <Progress value={pct} w={48} size="sm" color={pct >= 70 ? 'teal' : pct >= 40 ? 'yellow' : 'red'} aria-label={t('glossary.confidence')} />
      <Text size="xs" c="dimmed">
        {pct}%
      </Text>
    </Group>
  );
}

export function EntryDetail({
  projectId,
  entry,
  issues,
  onClose,
  onSave,
}: {
  projectId: string;
  entry: DetailEntry | null;
  issues: { type: string; description: string }[];
  onClose: () => void;
  onSave: (id: string, text: string) => Promise<CombinedError | undefined>;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={!!entry}
      onClose={onClose}
      position="right"
      size="lg"
      // A side panel, not a modal: the page behind stays usable (tabs, other entries); Esc closes it.
      withOverlay={false}
      lockScroll={false}
      trapFocus={false}
      shadow="xl"
      // The drawer's title is already an <h2>: the term goes in as text, sized as the pages' headings.
      title={entry?.term ?? null}
      styles={{ title: { fontSize: 'var(--mantine-h4-font-size)', fontWeight: 'var(--mantine-h4-font-weight)', lineHeight: 'var(--mantine-h4-line-height)' } }}>
      {entry && (
        <Stack>
          <Stack gap={4}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              {t('glossary.definition')}
            </Text>
            <EditableDefinition term={entry.term} definition={entry.definition} onSave={(text) => onSave(entry.id, text)} />
            <Group gap="xs">
              <ConfidenceBar value={entry.confidence} />
              {entry.editedByUser && <Badge size="xs" variant="light">{t('glossary.edited')}</Badge>}
            </Group>
          </Stack>
          {entry.aliases && entry.aliases.length > 0 && (
            <Section title={t('glossary.aliases')}>
              <Text size="sm">{entry.aliases.join(', ')}</Text>
            </Section>
          )}
          <Section title={t('glossary.sources')}>
            {entry.sources.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('common.none')}
              </Text>
            ) : (
              <List spacing={6} size="sm">
                {entry.sources.map((s, i) => (
                  <List.Item key={i}>
                    <SourceLink projectId={projectId} source={s} />
                    <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                      {s.context}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
          </Section>
          {entry.relatedTerms && (
            <Section title={t('glossary.related')}>
              {entry.relatedTerms.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('common.none')}
                </Text>
              ) : (
                <Group gap={4}>
                  {entry.relatedTerms.map((r) => (
                    <Badge key={r} variant="outline" tt="none">
                      {r}
                    </Badge>
                  ))}
                </Group>
              )}
            </Section>
          )}
          {entry.unresolvedIssues ? (
            <>
              <Section title={t('glossary.unresolved')}>
                <IssueList issues={entry.unresolvedIssues} />
              </Section>
              {/* The review's issues again would repeat the list above: only those the refinement settled. */}
              {resolvedBy(issues, entry.unresolvedIssues).length > 0 && (
                <Section title={t('glossary.resolvedIssues')}>
                  <IssueList issues={resolvedBy(issues, entry.unresolvedIssues)} />
                </Section>
              )}
            </>
          ) : (
            <Section title={t('glossary.reviewIssues')}>
              <IssueList issues={issues} />
            </Section>
          )}
          {entry.notes && entry.notes.length > 0 && (
            <Section title={t('glossary.notes')}>
              <List size="sm">
                {entry.notes.map((n, i) => (
                  <List.Item key={i}>{n}</List.Item>
                ))}
              </List>
            </Section>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

type IssueText = { type: string; description: string };

/** The review's issues that are no longer among the entry's unresolved ones. */
function resolvedBy(review: IssueText[], unresolved: IssueText[]): IssueText[] {
  const open = new Set(unresolved.map((i) => `${i.type}\u0000${i.description}`));
  return review.filter((i) => !open.has(`${i.type}\u0000${i.description}`));
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Divider />
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {title}
      </Text>
      {children}
    </Stack>
  );
}

export function IssueTypeBadge({ type }: { type: string }) {
  const { t } = useTranslation();
  const colors: Record<string, string> = { UNCLEAR: 'yellow', CONTRADICTION: 'red', MISSING: 'orange', NAMING: 'grape', UNNECESSARY: 'gray' };
  return (
    <Badge color={colors[type] ?? 'gray'} variant="light" tt="none" style={{ flexShrink: 0, overflow: 'visible' }}>
      {t(`glossary.issueTypes.${type}`, { defaultValue: type })}
    </Badge>
  );
}

function IssueList({ issues }: { issues: { type: string; description: string }[] }) {
  const { t } = useTranslation();
  if (issues.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('common.none')}
      </Text>
    );
  return (
    <Stack gap={6}>
      {issues.map((i, n) => (
        <Group key={n} gap="xs" wrap="nowrap" align="flex-start">
          <IssueTypeBadge type={i.type} />
          <Text size="sm">{i.description}</Text>
        </Group>
      ))}
    </Stack>
  );
}
