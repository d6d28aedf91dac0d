// Whether the project's glossary is current: Up to date / Needs re-run from <step> (the reasons in
// a tooltip) / Running / Never run. The server derives it from stored facts; this badge re-reads
// it when a run changes status (the runStatus subscription the run bar already follows) and after
// this console's own mutations that can change it (urql's document cache re-runs the query when a
// mutation returns one of the typenames listed below). Other people's edits show on the next read.
import { Badge, Tooltip } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { useCurrentRun } from './current-run';

const STATE_COLORS: Record<string, string> = { NEVER_RUN: 'gray', UP_TO_DATE: 'teal', NEEDS_RERUN: 'yellow', RUNNING: 'blue' };
// addDocuments → Document, exclude/require (and lifting them) → ExcludedTerm/RequiredTerm,
// updateProject → Project (already in the result), startRun/cancelRun → Run.
const context = { additionalTypenames: ['Document', 'ExcludedTerm', 'RequiredTerm', 'Run'] };

export function GlossaryBadge({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const { run } = useCurrentRun();
  const [{ data }, reload] = useQuery({ query: glossaryStatusQuery, variables: { projectId }, context, requestPolicy: 'cache-and-network' });
  const runKey = run ? `${run.id}:${run.status}` : '';
  const lastKey = useRef(runKey);
  useEffect(() => {
    if (lastKey.current === runKey) return;
    lastKey.current = runKey;
    reload({ requestPolicy: 'network-only' });
  }, [runKey, reload]);

  const status = data?.project.glossaryStatus;
  if (!status) return null;
  const label =
    status.state === 'NEEDS_RERUN' && status.rerunFrom
      ? t('run.glossary.NEEDS_RERUN', { step: t(`run.step.${status.rerunFrom}`) })
      : t(`run.glossary.${status.state}`);
  const badge = (
    <Badge color={STATE_COLORS[status.state] ?? 'gray'} variant="dot" aria-label={t('run.glossaryLabel', { status: label })} style={{ flexShrink: 0 }}>
      {label}
    </Badge>
  );
  if (status.reasons.length === 0) return badge;
  return (
    <Tooltip label={status.reasons.map((r) => t(`run.glossaryReason.${r}`)).join(' · ')} multiline w={320}>
      {badge}
    </Tooltip>
  );
}

const glossaryStatusQuery = graphql(`
  query GlossaryBadge_Status($projectId: ID!) {
    project(id: $projectId) {
      id
      glossaryStatus {
        state
        rerunFrom
        reasons
      }
    }
  }
`);
