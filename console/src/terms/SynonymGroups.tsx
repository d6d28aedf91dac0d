// Synonym groups on the Terms page: the user's groups (primary + members; split a member, change
// the primary, delete), the engine's suggested groups (accept, or reject one member: "not the same
// term"), and the dialog that merges the terms selected in the table. The pipeline applies groups
// from the provisional step on, so every change here leaves the glossary NEEDS_RERUN (the run bar's
// badge says so live); these panels only reload the page's data.
import { Badge, Button, Group, Menu, Modal, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CombinedError, useMutation } from 'urql';
import { apiProblem } from '../components/QueryError';
import { graphql } from '../gql';
import type { SynonymGroups_GroupFragment, TermsPage_TermsQuery } from '../gql/graphql';

export type SynonymGroup = SynonymGroups_GroupFragment;
type Suggestion = TermsPage_TermsQuery['project']['suggestedSynonymGroups'][number];
type TFunction = ReturnType<typeof useTranslation>['t'];

/** The codes the synonym mutations answer with, each with a sentence a user can act on. */
const SYNONYM_CODES = ['SYNONYM_CONFLICT', 'GROUP_TOO_SMALL', 'UNKNOWN_TERM', 'NOT_FOUND'] as const;

/** A synonym mutation's error as a readable sentence, then the server's own words (which name the term). */
export function synonymProblem(t: TFunction, error: CombinedError | undefined): string {
  const problem = apiProblem(error);
  if (!problem) return '';
  const code = SYNONYM_CODES.find((c) => c === problem.code);
  if (!code) return problem.message;
  return `${t(`terms.groups.errors.${code}`)}\n${problem.message}`;
}

function useFailure() {
  const { t } = useTranslation();
  return (title: string, error: CombinedError | undefined) =>
    notifications.show({ color: 'red', title, message: <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{synonymProblem(t, error)}</Text> });
}

export function SynonymGroupsPanel({ groups, onChanged }: { groups: readonly SynonymGroup[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const fail = useFailure();
  const [, removeMembers] = useMutation(removeMembersMutation);
  const [, setPrimary] = useMutation(setPrimaryMutation);
  const [, deleteGroup] = useMutation(deleteGroupMutation);

  const split = async (group: SynonymGroup, member: string) => {
    const result = await removeMembers({ groupId: group.id, members: [member] });
    if (result.error) fail(t('terms.groups.splitFailed'), result.error);
    onChanged();
  };
  const makePrimary = async (group: SynonymGroup, member: string) => {
    const result = await setPrimary({ groupId: group.id, primary: member });
    if (result.error) fail(t('terms.groups.primaryFailed'), result.error);
    onChanged();
  };
  const remove = async (group: SynonymGroup) => {
    const result = await deleteGroup({ groupId: group.id });
    if (result.error) fail(t('terms.groups.deleteFailed'), result.error);
    onChanged();
  };

  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Title order={3} size="h6">
          {t('terms.groups.title')}
        </Title>
        {groups.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('terms.groups.empty')}
          </Text>
        ) : (
          <Stack gap={6} role="list" aria-label={t('terms.groups.title')}>
            {groups.map((group) => (
              <SynonymRow
                key={group.id}
                primary={group.primary}
                members={group.members.map((member) => (
                  <MemberBadge key={member} member={member} removeLabel={t('terms.groups.split', { member, primary: group.primary })} onRemove={() => void split(group, member)} />
                ))}
              >
                <Group gap={4} wrap="nowrap">
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button size="compact-xs" variant="subtle" aria-label={t('terms.groups.changePrimaryOf', { primary: group.primary })}>
                        {t('terms.groups.changePrimary')}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Label>{t('terms.groups.newPrimary')}</Menu.Label>
                      {group.members.map((member) => (
                        <Menu.Item key={member} onClick={() => void makePrimary(group, member)}>
                          {member}
                        </Menu.Item>
                      ))}
                    </Menu.Dropdown>
                  </Menu>
                  <Button size="compact-xs" variant="subtle" color="red" aria-label={t('terms.groups.deleteNamed', { primary: group.primary })} onClick={() => void remove(group)}>
                    {t('common.delete')}
                  </Button>
                </Group>
              </SynonymRow>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

export function SuggestionsPanel({ projectId, suggestions, onChanged }: { projectId: string; suggestions: readonly Suggestion[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const fail = useFailure();
  const [, accept] = useMutation(acceptMutation);
  const [, reject] = useMutation(rejectMutation);

  const acceptOne = async (s: Suggestion) => {
    const result = await accept({ projectId, primary: s.primary });
    if (result.error) fail(t('terms.suggestions.acceptFailed'), result.error);
    onChanged();
  };
  const rejectOne = async (s: Suggestion, member: string) => {
    const result = await reject({ projectId, primary: s.primary, member });
    if (result.error) fail(t('terms.suggestions.rejectFailed'), result.error);
    onChanged();
  };

  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Title order={3} size="h6">
          {t('terms.suggestions.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('terms.suggestions.help')}
        </Text>
        {suggestions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('terms.suggestions.empty')}
          </Text>
        ) : (
          <Stack gap={6} role="list" aria-label={t('terms.suggestions.title')}>
            {suggestions.map((s) => (
              <SynonymRow
                key={s.primary}
                primary={s.primary}
                members={s.memberReasons.map(({ text: member, reason }) => (
                  <MemberBadge
                    key={member}
                    member={member}
                    color="gray"
                    note={t(`terms.suggestions.reason.${reason}`, { defaultValue: reason })}
                    removeLabel={t('terms.suggestions.reject', { member, primary: s.primary })}
                    onRemove={() => void rejectOne(s, member)}
                  />
                ))}
              >
                <Button size="compact-xs" variant="light" aria-label={t('terms.suggestions.acceptNamed', { primary: s.primary })} onClick={() => void acceptOne(s)}>
                  {t('terms.suggestions.accept')}
                </Button>
              </SynonymRow>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** One row of a panel: the primary, an arrow, its members' badges; the row's actions on the right. */
function SynonymRow({ primary, members, children }: { primary: string; members: ReactNode; children: ReactNode }) {
  return (
    <Group role="listitem" aria-label={primary} gap={6} wrap="wrap" justify="space-between">
      <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
        <Text fw={600} size="sm">
          {primary}
        </Text>
        <Text size="sm" c="dimmed" aria-hidden>
          ←
        </Text>
        {members}
      </Group>
      {children}
    </Group>
  );
}

/** A member's badge with its × (split it off a group, or reject it from a suggestion). */
function MemberBadge({ member, removeLabel, onRemove, color, note }: { member: string; removeLabel: string; onRemove: () => void; color?: string; note?: string }) {
  return (
    <Badge
      variant="outline"
      color={color}
      tt="none"
      size="lg"
      rightSection={
        <Button size="compact-xs" variant="subtle" color={color} px={4} aria-label={removeLabel} onClick={onRemove}>
          ×
        </Button>
      }
    >
      {member}
      {note !== undefined && (
        <Text span size="xs" c="dimmed" ml={4}>
          {note}
        </Text>
      )}
    </Badge>
  );
}

/** A selected term: its text and the group it is already in, if any. */
export interface SelectedTerm {
  text: string;
  group: { id: string; primary: string } | null;
}

/**
 * Merges the selected terms into one group, the user choosing the primary. Terms of one existing
 * group plus terms in none extend that group (addSynonymMembers, then setSynonymPrimary when the
 * chosen primary differs); anything else creates a group, and the server refuses a term that is in
 * another group (SYNONYM_CONFLICT), shown in the dialog.
 */
export function MergeDialog({
  projectId,
  selected,
  opened,
  onClose,
  onMerged,
}: {
  projectId: string;
  selected: readonly SelectedTerm[];
  opened: boolean;
  onClose: () => void;
  onMerged: () => void;
}) {
  const { t } = useTranslation();
  const [primary, setPrimary] = useState<string>('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(createMutation);
  const [, addMembers] = useMutation(addMembersMutation);
  const [, setGroupPrimary] = useMutation(setPrimaryMutation);

  // Each time the dialog opens (not when the page's data reloads behind it): a selected group's
  // primary stays primary by default; otherwise the first selected term.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  useEffect(() => {
    if (!opened) return;
    const current = selectedRef.current;
    const grouped = current.find((s) => s.group && s.group.primary === s.text);
    setPrimary(grouped?.text ?? current[0]?.text ?? '');
    setProblem('');
  }, [opened]);

  const merge = async () => {
    setBusy(true);
    setProblem('');
    try {
      const groupIds = [...new Set(selected.flatMap((s) => (s.group ? [s.group.id] : [])))];
      const members = selected.map((s) => s.text).filter((text) => text !== primary);
      if (groupIds.length === 1) {
        const groupId = groupIds[0]!;
        const outside = selected.filter((s) => !s.group).map((s) => s.text);
        if (outside.length > 0) {
          const added = await addMembers({ groupId, members: outside });
          if (added.error) return setProblem(synonymProblem(t, added.error));
        }
        const current = selected.find((s) => s.group)?.group?.primary;
        if (current !== primary) {
          const moved = await setGroupPrimary({ groupId, primary });
          if (moved.error) return setProblem(synonymProblem(t, moved.error));
        }
      } else {
        const created = await create({ projectId, primary, members });
        if (created.error) return setProblem(synonymProblem(t, created.error));
      }
      onMerged();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('terms.groups.mergeTitle')}>
      <Stack>
        <Radio.Group label={t('terms.groups.choosePrimary')} description={t('terms.groups.choosePrimaryHelp')} value={primary} onChange={setPrimary}>
          <Stack gap={6} mt={6}>
            {selected.map((s) => (
              <Radio key={s.text} value={s.text} label={s.text} />
            ))}
          </Stack>
        </Radio.Group>
        {problem && (
          <Text size="sm" c="red" role="alert" style={{ whiteSpace: 'pre-wrap' }}>
            {problem}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void merge()} loading={busy} disabled={!primary || selected.length < 2}>
            {t('terms.groups.merge')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

graphql(`
  fragment SynonymGroups_Group on SynonymGroup {
    id
    primary
    members
  }
`);

const createMutation = graphql(`
  mutation SynonymGroups_Create($projectId: ID!, $primary: String!, $members: [String!]!) {
    createSynonymGroup(projectId: $projectId, primary: $primary, members: $members) {
      ...SynonymGroups_Group
    }
  }
`);

const addMembersMutation = graphql(`
  mutation SynonymGroups_AddMembers($groupId: ID!, $members: [String!]!) {
    addSynonymMembers(groupId: $groupId, members: $members) {
      ...SynonymGroups_Group
    }
  }
`);

const removeMembersMutation = graphql(`
  mutation SynonymGroups_RemoveMembers($groupId: ID!, $members: [String!]!) {
    removeSynonymMembers(groupId: $groupId, members: $members) {
      ...SynonymGroups_Group
    }
  }
`);

const setPrimaryMutation = graphql(`
  mutation SynonymGroups_SetPrimary($groupId: ID!, $primary: String!) {
    setSynonymPrimary(groupId: $groupId, primary: $primary) {
      ...SynonymGroups_Group
    }
  }
`);

const deleteGroupMutation = graphql(`
  mutation SynonymGroups_Delete($groupId: ID!) {
    deleteSynonymGroup(groupId: $groupId)
  }
`);

const acceptMutation = graphql(`
  mutation SynonymGroups_AcceptSuggestion($projectId: ID!, $primary: String!) {
    acceptSuggestedSynonymGroup(projectId: $projectId, primary: $primary) {
      ...SynonymGroups_Group
    }
  }
`);

const rejectMutation = graphql(`
  mutation SynonymGroups_RejectSuggestion($projectId: ID!, $primary: String!, $member: String!) {
    rejectSuggestedSynonymGroup(projectId: $projectId, primary: $primary, member: $member) {
      id
    }
  }
`);
