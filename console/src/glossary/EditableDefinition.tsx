// A definition that can be edited in place: Edit → textarea → Save (Ctrl/⌘+Enter) or Cancel (Esc).
// The server's refusal (e.g. empty text) stays visible under the field.
import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { QueryError } from '../components/QueryError';

export function EditableDefinition({
  term,
  definition,
  onSave,
  readOnly,
}: {
  term: string;
  definition: string;
  onSave: (text: string) => Promise<CombinedError | undefined>;
  /** Shows the text only (e.g. while the same entry is edited elsewhere). */
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(definition);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<CombinedError | undefined>();
  const save = async () => {
    setSaving(true);
    const e = await onSave(text);
    setSaving(false);
    setError(e);
    if (!e) setEditing(false);
  };
  // No sentence defined the term (the entry keeps its MISSING issue): say so rather than show nothing.
  const shown = definition.trim() === '' ? (
    <Text span size="sm" c="dimmed" fs="italic">
      {t('glossary.noDefinition')}
    </Text>
  ) : (
    definition
  );
  if (readOnly) {
    return (
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {shown}
      </Text>
    );
  }
  if (!editing) {
    return (
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Text size="sm" style={{ flex: 1, whiteSpace: 'pre-wrap' }}>
          {shown}
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          aria-label={t('glossary.editNamed', { term })}
          onClick={() => {
            setText(definition);
            setError(undefined);
            setEditing(true);
          }}
        >
          {t('common.edit')}
        </Button>
      </Group>
    );
  }
  return (
    <Stack gap={4}>
      <Textarea
        aria-label={t('glossary.definitionOf', { term })}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={2}
        maxRows={10}
        autoFocus
        onKeyDown={(e) => {
          if (e.key === 'Escape') setEditing(false);
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
        }}
      />
      <QueryError error={error} />
      <Group gap="xs">
        <Button size="compact-xs" loading={saving} onClick={() => void save()} disabled={!text.trim()}>
          {t('common.save')}
        </Button>
        <Button size="compact-xs" variant="default" onClick={() => setEditing(false)}>
          {t('common.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
