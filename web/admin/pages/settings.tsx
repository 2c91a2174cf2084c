import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { FALLBACK_SENDER_NAME_MAX, type RoutingMethod, SECRET_TOKEN_MAX_LENGTH } from '../api-constants';
import type { ExternalServiceSettings, ExternalServiceSettingsInput, FieldError, RoutingSettings } from '../api-types';
import { ErrorBox, ErrorSummary, Field, useSession } from '../ui';

function RoutingForm() {
  const { readOnly } = useSession();
  const [settings, setSettings] = useState<RoutingSettings | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api<RoutingSettings>('GET', '/v1/settings/routing')
      .then(({ body }) => setSettings(body))
      .catch(setError);
  }, []);
  if (!settings) return <ErrorBox error={error} />;
  const update = (patch: Partial<RoutingSettings>) => {
    setSaved(false);
    setSettings({ ...settings, ...patch });
  };
  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setErrors([]);
    try {
      setSettings((await api<RoutingSettings>('PUT', '/v1/settings/routing', { body: settings })).body);
      setSaved(true);
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fieldErrors);
      setError(caught);
    }
  };
  const messages = { errors };
  return (
    <form onSubmit={(event) => void save(event)} aria-labelledby="routing-title" novalidate>
      <ErrorSummary errors={errors} />
      <fieldset disabled={readOnly} class="plain">
        <Field label="Routing method" path="method" messages={messages}>
          {(input) => (
            <select {...input} value={settings.method} onChange={(e) => update({ method: e.currentTarget.value as RoutingMethod })}>
              <option value="round-robin">Round robin (least recently routed)</option>
              <option value="least-assigned">Least assigned</option>
            </select>
          )}
        </Field>
        <label class="check">
          <input
            type="checkbox"
            data-path="includeAwayAgents"
            checked={settings.includeAwayAgents}
            onChange={(e) => update({ includeAwayAgents: e.currentTarget.checked })}
          />{' '}
          Route to agents who are away
        </label>
        <label class="check">
          <input
            type="checkbox"
            data-path="fireWithoutAgent"
            checked={settings.fireWithoutAgent}
            onChange={(e) => update({ fireWithoutAgent: e.currentTarget.checked })}
          />{' '}
          Fire queue-sender triggers even when no agent is available
        </label>
        <Field label="Sender name when no agent is available" path="fallbackSenderName" messages={messages}>
          {(input) => (
            <input
              {...input}
              value={settings.fallbackSenderName}
              maxLength={FALLBACK_SENDER_NAME_MAX}
              onInput={(e) => update({ fallbackSenderName: e.currentTarget.value })}
            />
          )}
        </Field>
        {!readOnly && (
          <button type="submit" class="primary">
            Save routing
          </button>
        )}
      </fieldset>
      <ErrorBox error={error} />
      {saved && (
        <p class="notice success" role="status">
          Routing settings saved.
        </p>
      )}
    </form>
  );
}

function SecretForm() {
  const { readOnly } = useSession();
  const [configured, setConfigured] = useState<boolean | null>(null);
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    api<ExternalServiceSettings>('GET', '/v1/settings/external-service')
      .then(({ body }) => setConfigured(body.secretTokenConfigured))
      .catch(setError);
  }, []);
  const put = async (secretToken: ExternalServiceSettingsInput['secretToken']) => {
    setError(null);
    setErrors([]);
    setNotice(null);
    try {
      const { body } = await api<ExternalServiceSettings>('PUT', '/v1/settings/external-service', {
        body: { secretToken } satisfies ExternalServiceSettingsInput,
      });
      setConfigured(body.secretTokenConfigured);
      setSecret('');
      setNotice(secretToken === null ? 'Secret token cleared.' : 'Secret token saved.');
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fieldErrors);
      setError(caught);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void put(secret);
      }}
      aria-labelledby="secret-title"
      novalidate
    >
      <p data-secret-state>
        Secret token: <strong>{configured === null ? '…' : configured ? 'configured' : 'not configured'}</strong>
        {configured === false && ' (external-service actions answer their fallback until it is set)'}
      </p>
      {!readOnly && (
        <>
          <Field label="New secret token (write-only: it is never shown again)" path="secretToken" messages={{ errors }}>
            {(input) => (
              <input
                {...input}
                type="password"
                autocomplete="new-password"
                value={secret}
                maxLength={SECRET_TOKEN_MAX_LENGTH}
                onInput={(e) => setSecret(e.currentTarget.value)}
              />
            )}
          </Field>
          <div class="buttons">
            <button type="submit" class="primary" disabled={secret === ''}>
              Save secret
            </button>
            {configured && (
              <button type="button" class="danger" onClick={() => void put(null)}>
                Clear secret
              </button>
            )}
          </div>
        </>
      )}
      <ErrorBox error={error} />
      {notice && (
        <p class="notice success" role="status">
          {notice}
        </p>
      )}
    </form>
  );
}

export function SettingsPage() {
  return (
    <section>
      <h1>Settings</h1>
      <div class="card">
        <h2 id="routing-title">Routing</h2>
        <RoutingForm />
      </div>
      <div class="card">
        <h2 id="secret-title">External service</h2>
        <p class="muted">The shared secret is sent to external services and signs each request (X-Livechat-Signature).</p>
        <SecretForm />
      </div>
    </section>
  );
}
