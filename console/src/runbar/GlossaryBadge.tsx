// Whether the project's glossary is current: Up to date / Needs re-run from <step> (the reasons in
// a tooltip) / Running / Never run. The server derives it from stored facts and pushes it on the
// glossaryStatus subscription (the current status first, then every change), so a document added
// or a group edited from another client turns the badge at once, with no re-reading here.
import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSubscription } from 'urql';
import { graphql } from '../gql';

const STATE_COLORS: Record<string, string> = { NEVER_RUN: 'gray', UP_TO_DATE: 'teal', NEEDS_RERUN: 'yellow', RUNNING: 'blue' };

export function GlossaryBadge({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [{ data }] = useSubscription({ query: glossaryStatusSubscription, variables: { projectId } });
  const status = data?.glossaryStatus;
  if (!status) return null;
  const label =
    status.state === 'NEEDS_RERUN' && status.rerunFrom
      ? t('run.glossary.NEEDS_RERUN', { step: t(`run.step.${status.rerunFrom}`) })
      : t(`run.glossary.${status.state}`);
  const badge = (
    <Badge
      color={STATE_COLORS[status.state] ?? 'gray'}
      variant="dot"
      aria-label={t('run.glossaryLabel', { status: label })}
      data-state={status.state}
      style={{ flexShrink: 0 }}
    >
      {label}
    </Badge>
  );
  if (status.reasons.length === 0) return badge;
  return (
    <Tooltip label={status.reasons.map((r) => t(`run.glossaryReason.${r}`, { defaultValue: r })).join(' · ')} multiline w={320}>
      {badge}
    </Tooltip>
  );
}

const glossaryStatusSubscription = graphql(`
  subscription GlossaryBadge_Status($projectId: ID!) {
    glossaryStatus(projectId: $projectId) {
      state
      rerunFrom
      reasons
    }
  }
`);
