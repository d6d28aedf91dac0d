// A project's engine settings: engine, model (offered from llmModels), base URL, max terms, min
// frequency; "test connection" asks the engine's server for its models and shows why it failed.
// Above them, the automatic extraction switch, saved the moment it is flipped.
import { Alert, Autocomplete, Button, Group, NumberInput, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CombinedError, useClient, useMutation, useQuery } from 'urql';
import { apiProblem, QueryError } from '../components/QueryError';
import { Loading } from '../components/States';
import { graphql } from '../gql';
import type { EngineKind } from '../gql/graphql';

interface Form {
  engine: EngineKind;
  llmModel: string;
  llmBaseUrl: string;
  maxTerms: number | '';
  minFrequency: number | '';
}

type Test = { state: 'idle' } | { state: 'testing' } | { state: 'ok'; models: string[] } | { state: 'failed'; error: CombinedError };

export function SettingsPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: settingsQuery, variables: { projectId } });
  const [saveState, save] = useMutation(updateMutation);
  const [autoState, saveAuto] = useMutation(autoExtractMutation);
  // What the switch shows while its save is on the way (the query's value once it refetches).
  const [autoPending, setAutoPending] = useState<boolean | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [test, setTest] = useState<Test>({ state: 'idle' });

  useEffect(() => {
    const p = data?.project;
    if (p && !form) {
      setForm({ engine: p.engine, llmModel: p.llmModel ?? '', llmBaseUrl: p.llmBaseUrl ?? '', maxTerms: p.maxTerms ?? '', minFrequency: p.minFrequency ?? '' });
    }
  }, [data, form]);

  if (error && !data) return <QueryError error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!form) return fetching ? <Loading /> : null;

  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const offline = form.engine === 'OFFLINE';

  const testConnection = async () => {
    setTest({ state: 'testing' });
    // The server asks only a saved base URL (it never fetches a URL a caller passes in), so a
    // changed one is saved first; the server checks it against LLM_ALLOWED_HOSTS on the way.
    const baseUrl = form.llmBaseUrl.trim() || null;
    if (baseUrl !== (data?.project.llmBaseUrl ?? null)) {
      const saved = await save({ id: projectId, input: { llmBaseUrl: baseUrl } });
      if (saved.error) {
        setTest({ state: 'failed', error: saved.error });
        return;
      }
    }
    const result = await client.query(modelsQuery, { engine: form.engine, projectId }, { requestPolicy: 'network-only' }).toPromise();
    if (result.error) setTest({ state: 'failed', error: result.error });
    else setTest({ state: 'ok', models: result.data?.llmModels ?? [] });
  };

  const submit = async () => {
    const result = await save({
      id: projectId,
      input: {
        engine: form.engine,
        llmModel: form.llmModel.trim() || null,
        llmBaseUrl: form.llmBaseUrl.trim() || null,
        maxTerms: form.maxTerms === '' ? null : form.maxTerms,
        minFrequency: form.minFrequency === '' ? null : form.minFrequency,
      },
    });
    if (!result.error) notifications.show({ color: 'teal', message: t('common.saved') });
  };

  const models = test.state === 'ok' ? test.models : [];
  const failure = test.state === 'failed' ? apiProblem(test.error) : null;

  return (
    <Stack maw={560}>
      <Title order={2} size="h4">
        {t('settings.title')}
      </Title>
      <Switch
        label={t('settings.autoExtract')}
        description={t('settings.autoExtractHelp')}
        checked={autoPending ?? data?.project.autoExtract ?? false}
        disabled={autoState.fetching}
        onChange={async (e) => {
          const autoExtract = e.currentTarget.checked;
          setAutoPending(autoExtract);
          const result = await saveAuto({ id: projectId, autoExtract });
          setAutoPending(result.error ? null : (result.data?.updateProject.autoExtract ?? null));
        }}
      />
      <QueryError error={autoState.error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Select
            label={t('settings.engine')}
            value={form.engine}
            allowDeselect={false}
            onChange={(v) => {
              if (!v) return;
              set({ engine: v as EngineKind });
              setTest({ state: 'idle' });
            }}
            data={(['OFFLINE', 'OLLAMA', 'OPENAI'] as const).map((e) => ({ value: e, label: t(`settings.engines.${e}`) }))}
            description={t(`settings.engineHelp.${form.engine}`)}
          />
          <TextInput
            label={t('settings.baseUrl')}
            placeholder={t('settings.serverDefault')}
            value={form.llmBaseUrl}
            disabled={offline}
            onChange={(e) => set({ llmBaseUrl: e.currentTarget.value })}
            description={t('settings.baseUrlHelp')}
          />
          <Autocomplete
            label={t('settings.model')}
            placeholder={t('settings.serverDefault')}
            value={form.llmModel}
            disabled={offline}
            onChange={(v) => set({ llmModel: v })}
            data={models}
            description={models.length ? t('settings.modelsFound', { count: models.length }) : t('settings.modelHelp')}
          />
          <Group>
            <Button variant="default" size="xs" onClick={() => void testConnection()} loading={test.state === 'testing'} disabled={offline}>
              {t('settings.test')}
            </Button>
            {test.state === 'ok' && (
              <Text size="sm" c="teal" role="status">
                {t('settings.connected', { count: test.models.length })}
              </Text>
            )}
          </Group>
          {failure && (
            <Alert color="red" title={failure.code === 'LLM_UNAVAILABLE' ? t('settings.unavailable') : t('common.error')} role="alert">
              <Text size="sm">{failure.message}</Text>
              {failure.code && (
                <Text size="xs" c="dimmed" ff="monospace" mt={4}>
                  {failure.code}
                </Text>
              )}
            </Alert>
          )}
          <Group grow>
            <NumberInput label={t('settings.maxTerms')} placeholder={t('settings.serverDefault')} min={1} max={10000} value={form.maxTerms} onChange={(v) => set({ maxTerms: typeof v === 'number' ? v : '' })} allowDecimal={false} />
            <NumberInput label={t('settings.minFrequency')} placeholder={t('settings.serverDefault')} min={1} max={1000} value={form.minFrequency} onChange={(v) => set({ minFrequency: typeof v === 'number' ? v : '' })} allowDecimal={false} />
          </Group>
          <QueryError error={saveState.error} />
          <Group>
            <Button type="submit" loading={saveState.fetching}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

const settingsQuery = graphql(`
  query SettingsPage_Project($projectId: ID!) {
    project(id: $projectId) {
      id
      engine
      llmModel
      llmBaseUrl
      maxTerms
      minFrequency
      autoExtract
    }
  }
`);

const modelsQuery = graphql(`
  query SettingsPage_Models($engine: EngineKind!, $projectId: ID!) {
    llmModels(engine: $engine, projectId: $projectId)
  }
`);

const updateMutation = graphql(`
  mutation SettingsPage_Update($id: ID!, $input: UpdateProjectInput!) {
    updateProject(id: $id, input: $input) {
      id
      engine
      llmModel
      llmBaseUrl
      maxTerms
      minFrequency
    }
  }
`);

const autoExtractMutation = graphql(`
  mutation SettingsPage_AutoExtract($id: ID!, $autoExtract: Boolean!) {
    updateProject(id: $id, input: { autoExtract: $autoExtract }) {
      id
      autoExtract
    }
  }
`);
