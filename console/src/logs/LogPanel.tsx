// The log panel: tails one run through runLogBatches (use-run-log.ts), with level and step
// filters and a text search kept in the URL (a shared link opens the same view), a virtualized
// list that stays smooth at 100,000 lines, pinned to the bottom until the user scrolls up, a
// download of what is shown, and the connection state in sight.
import { ActionIcon, Badge, Box, Button, Chip, Group, Paper, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LOG_LEVELS, type LogBuffer, type LogLevel } from './log-buffer';
import { ALL_STEP_KEYS, createLogFilterer, type FilteredView } from './log-filter';
import type { ConnectionState } from './run-log-stream';
import { useRunLog } from './use-run-log';

const ROW_HEIGHT = 20;
/** Within this distance of the bottom the panel follows new lines (Dagster uses the same). */
const PIN_DISTANCE_PX = 60;

const LEVEL_COLOR: Record<LogLevel, string | undefined> = {
  DEBUG: 'var(--mantine-color-dimmed)',
  INFO: undefined,
  WARN: 'var(--mantine-color-yellow-7)',
  ERROR: 'var(--mantine-color-red-7)',
};
const STATE_COLOR: Record<ConnectionState, string> = {
  connecting: 'gray',
  live: 'green',
  reconnecting: 'orange',
  ended: 'blue',
  error: 'red',
};

/** A comma list from the URL: '' (absent) means all, '-' none. */
function parseSet<T extends string>(raw: string | null, all: readonly T[]): readonly T[] {
  if (!raw) return all;
  if (raw === '-') return [];
  const picked = new Set(raw.split(','));
  return all.filter((v) => picked.has(v));
}

function formatSet<T extends string>(value: readonly T[], all: readonly T[]): string {
  return value.length === all.length ? '' : value.length === 0 ? '-' : all.filter((v) => value.includes(v)).join(',');
}

function toggled<T extends string>(value: readonly T[], item: T, on: boolean, all: readonly T[]): readonly T[] {
  return all.filter((v) => (v === item ? on : value.includes(v)));
}

/**
 * The filter, in React state (so quick clicks toggle from the latest value) and mirrored into
 * the URL with replace (so a shared link opens the same view); defaults are left out.
 */
function useLogFilterState() {
  const [params, setParams] = useSearchParams();
  const [levels, setLevels] = useState(() => parseSet(params.get('logLevels'), LOG_LEVELS));
  const [steps, setSteps] = useState(() => parseSet(params.get('logSteps'), ALL_STEP_KEYS));
  const [text, setText] = useState(() => params.get('logQ') ?? '');
  useEffect(() => {
    const wanted = { logLevels: formatSet(levels, LOG_LEVELS), logSteps: formatSet(steps, ALL_STEP_KEYS), logQ: text };
    const current = new URLSearchParams(window.location.search);
    if (Object.entries(wanted).every(([k, v]) => (current.get(k) ?? '') === v)) return;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(wanted)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  }, [levels, steps, text, setParams]);
  return { levels, setLevels, steps, setSteps, text, setText };
}

function download(buffer: LogBuffer, view: FilteredView, filtered: boolean) {
  const text = buffer.toText(filtered ? view.indexes : undefined);
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'genglossary-run-log.txt';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** height: of the whole panel; by default it fills its parent (the project page's log dock). */
export function LogPanel({ runId, height = '100%' }: { runId: string | null; height?: number | string }) {
  const { t } = useTranslation();
  const log = useRunLog(runId);
  const { buffer, version, state } = log;

  const { levels, setLevels, steps, setSteps, text, setText } = useLogFilterState();
  const deferredText = useDeferredValue(text);

  // One memoized filterer per buffer (per run): it only scans what is new or narrower.
  const filterer = useMemo(() => createLogFilterer(), [buffer]);
  const view = useMemo(
    () => filterer(buffer, { levels, steps, text: deferredText }),
    // version: lines were appended to the (same) buffer.
    [filterer, buffer, version, levels, steps, deferredText],
  );
  const filtered = levels.length !== LOG_LEVELS.length || steps.length !== ALL_STEP_KEYS.length || deferredText.trim() !== '';

  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const [following, setFollowing] = useState(true);
  const virtualizer = useVirtualizer({
    count: view.count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= PIN_DISTANCE_PX;
    pinned.current = atBottom;
    setFollowing(atBottom);
  }, []);

  const toBottom = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  // New lines (or a new filter): stay at the end while pinned.
  useLayoutEffect(() => {
    if (pinned.current) toBottom();
  }, [view, toBottom]);

  useEffect(() => {
    pinned.current = true;
    setFollowing(true);
  }, [runId]);

  const rows = virtualizer.getVirtualItems();
  let empty: string | null = null;
  if (!runId) empty = t('logs.noRun');
  else if (view.count === 0) {
    if (levels.length === 0) empty = t('logs.noLevels');
    else if (buffer.length === 0) empty = state === 'connecting' || state === 'reconnecting' ? t('logs.fetching') : t('logs.noLines');
    else empty = t('logs.noMatch');
  }

  return (
    <Paper withBorder p="xs" component="section" aria-label={t('logs.title')} h={height} style={{ display: 'flex', flexDirection: 'column', minHeight: 160 }}>
      <Stack gap={6} style={{ flex: '1 1 auto', minHeight: 0 }}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Text fw={600} size="sm">
              {t('logs.title')}
            </Text>
            <Badge role="status" aria-label={t('logs.connection')} color={STATE_COLOR[state]} variant="light" size="sm">
              {runId ? t(`logs.state.${state}`) : '—'}
            </Badge>
            {state === 'error' && (
              <Button size="compact-xs" variant="light" onClick={log.resume} title={log.error}>
                {t('logs.retry')}
              </Button>
            )}
            <Text size="xs" c="dimmed" aria-live="off">
              {t('logs.lines', { shown: view.count.toLocaleString('en'), total: buffer.length.toLocaleString('en') })}
            </Text>
            {log.backfilling && (
              <Text size="xs" c="dimmed">
                {t('logs.backfilling')}
              </Text>
            )}
          </Group>
          <Group gap="xs">
            <TextInput
              size="xs"
              aria-label={t('logs.search')}
              placeholder={t('logs.searchPlaceholder')}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              w={220}
            />
            <Tooltip label={t('logs.download')}>
              <ActionIcon variant="default" aria-label={t('logs.download')} disabled={buffer.length === 0} onClick={() => download(buffer, view, filtered)}>
                <span aria-hidden>⤓</span>
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        <Group gap="xs" wrap="wrap">
          <Group gap={4} role="group" aria-label={t('logs.levels')}>
            {LOG_LEVELS.map((level) => (
              <Chip
                key={level}
                size="xs"
                variant="outline"
                checked={levels.includes(level)}
                onChange={(on) => setLevels((prev) => toggled(prev, level, on, LOG_LEVELS))}
              >
                {level} {buffer.levelCounts[level].toLocaleString()}
              </Chip>
            ))}
          </Group>
          <Group gap={4} role="group" aria-label={t('logs.steps')}>
            {ALL_STEP_KEYS.map((step) => (
              <Chip
                key={step}
                size="xs"
                variant="outline"
                color="grape"
                checked={steps.includes(step)}
                onChange={(on) => setSteps((prev) => toggled(prev, step, on, ALL_STEP_KEYS))}
              >
                {t(`logs.step.${step}`)} {buffer.stepCounts[step].toLocaleString()}
              </Chip>
            ))}
          </Group>
        </Group>
        <Box pos="relative" style={{ flex: '1 1 auto', minHeight: 0 }}>
          <div
            ref={scroller}
            role="log"
            aria-label={t('logs.title')}
            aria-live="off"
            tabIndex={0}
            onScroll={onScroll}
            style={{
              height: '100%',
              overflow: 'auto',
              fontFamily: 'var(--mantine-font-family-monospace)',
              fontSize: 12,
              lineHeight: `${ROW_HEIGHT}px`,
              background: 'var(--mantine-color-body)',
              contain: 'strict',
            }}
          >
            {empty ? (
              <Text size="sm" c="dimmed" p="sm">
                {empty}
              </Text>
            ) : (
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
                {rows.map((row) => {
                  const i = view.lineAt(row.index);
                  const level = buffer.levels[i]!;
                  const step = buffer.steps[i]!;
                  return (
                    <div
                      key={row.key}
                      data-seq={buffer.seqs[i]}
                      style={{
                        position: 'absolute',
                        top: 0,
                        left: 0,
                        right: 0,
                        height: ROW_HEIGHT,
                        transform: `translateY(${row.start}px)`,
                        whiteSpace: 'pre',
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                        paddingInline: 6,
                        color: LEVEL_COLOR[level],
                      }}
                      title={buffer.messages[i]}
                    >
                      <span style={{ opacity: 0.55 }}>{String(buffer.seqs[i]).padStart(6, ' ')} {buffer.times[i]!.slice(11, 23)} </span>
                      <span style={{ fontWeight: level === 'INFO' || level === 'DEBUG' ? 400 : 700 }}>{level.padEnd(5, ' ')}</span>{' '}
                      <span style={{ opacity: 0.7 }}>{(step === 'NONE' ? '' : step).padEnd(11, ' ')}</span> {buffer.messages[i]}
                    </div>
                  );
                })}
              </div>
            )}
          </div>
          {!following && !empty && (
            <Button
              size="compact-xs"
              pos="absolute"
              bottom={8}
              right={16}
              onClick={() => {
                pinned.current = true;
                setFollowing(true);
                toBottom();
              }}
            >
              {t('logs.follow')} ↓
            </Button>
          )}
        </Box>
      </Stack>
    </Paper>
  );
}
