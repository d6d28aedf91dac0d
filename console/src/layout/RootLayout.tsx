// The frame of every page: the header (brand, language, theme) over the routed page.
import { ActionIcon, Anchor, Box, Group, SegmentedControl, Text, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { LANGUAGES, type Language, setLanguage } from '../i18n/index';

export function RootLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Box style={{ display: 'flex', flexDirection: 'column', height: '100vh' }}>
      <a href="#main" className="gg-skip-link">
        {t('app.skipToContent')}
      </a>
      <Group
        component="header"
        justify="space-between"
        px="md"
        h={48}
        style={{ flex: '0 0 auto', borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group gap="sm">
          <Anchor component={Link} to="/" fw={700} underline="never" c="var(--mantine-color-text)">
            {t('app.name')}
          </Anchor>
          <Text c="dimmed" size="sm" visibleFrom="xs">
            /
          </Text>
          <Anchor component={Link} to="/" size="sm">
            {t('app.projects')}
          </Anchor>
        </Group>
        <Group gap="xs">
          <Anchor href="/graphql" size="xs" c="dimmed" target="_blank" rel="noreferrer">
            {t('app.api')}
          </Anchor>
          <LanguageSwitch />
          <ThemeToggle />
        </Group>
      </Group>
      <Box id="main" style={{ flex: '1 1 auto', minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <ErrorBoundary resetKey={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </Box>
    </Box>
  );
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={i18n.language}
      onChange={(v) => setLanguage(v as Language)}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
    />
  );
}

function ThemeToggle() {
  const { t } = useTranslation();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: true });
  return (
    <Tooltip label={t('app.toggleTheme')}>
      <ActionIcon variant="default" size="md" aria-label={t('app.toggleTheme')} onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}>
        <span aria-hidden>{scheme === 'dark' ? '☀' : '☾'}</span>
      </ActionIcon>
    </Tooltip>
  );
}
