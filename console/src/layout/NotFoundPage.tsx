import { Anchor, Container, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Container py="xl">
      <Stack>
        <Title order={2}>{t('common.notFound')}</Title>
        <Text>{t('common.notFoundText', { path: location.pathname })}</Text>
        <Anchor component={Link} to="/">
          {t('common.backToProjects')}
        </Anchor>
      </Stack>
    </Container>
  );
}
