// Shown when the server answers UNAUTHENTICATED: asks for an API token, stores it, and reloads so
// every query and the socket use it.
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getToken, setToken, useTokenNeeded } from './auth';

export function TokenPrompt() {
  const { t } = useTranslation();
  const needed = useTokenNeeded();
  const [value, setValue] = useState(getToken() ?? '');
  return (
    <Modal opened={needed} onClose={() => setToken(getToken())} title={t('auth.title')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setToken(value.trim() || null);
          window.location.reload();
        }}
      >
        <Stack>
          <Text size="sm">{t('auth.text')}</Text>
          <PasswordInput label={t('auth.token')} value={value} onChange={(e) => setValue(e.currentTarget.value)} data-autofocus autoComplete="off" />
          <Group justify="space-between">
            <Button
              variant="subtle"
              color="gray"
              onClick={() => {
                setToken(null);
                setValue('');
              }}
            >
              {t('auth.signOut')}
            </Button>
            <Button type="submit" disabled={!value.trim()}>
              {t('auth.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
