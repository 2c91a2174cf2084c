import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { FALLBACK_SENDER_NAME_MAX, LIVECHAT_COLOR_PATTERN, LIVECHAT_TITLE_MAX, type RoutingMethod, SECRET_TOKEN_MAX_LENGTH } from '../api-constants';
import type { ExternalServiceSettings, ExternalServiceSettingsInput, FieldError, LivechatSettings, RoutingSettings } from '../api-types';
import { ErrorBox, ErrorSummary, Field, useSession } from '../ui';
import { useReplaceableSettings } from '../use-settings-form';
import { ProactiveForm } from './proactive-settings';

function RoutingForm() {
  const { readOnly } = useSession();
  const { settings, update, save, messages, errors, error, saved } = useReplaceableSettings<RoutingSettings>('/v1/settings/routing');
  if (!settings) return <ErrorBox error={error} />;
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
        <div>
          <label class="check">
            <input
              type="checkbox"
              data-path="hideWhenOffline"
              aria-describedby="hide-when-offline-hint"
              checked={settings.hideWhenOffline}
              onChange={(e) => update({ hideWhenOffline: e.currentTarget.checked })}
            />{' '}
            Hide the chat bubble while nobody is available
          </label>
          <div id="hide-when-offline-hint" class="field-msg">
            <span class="hint">The widget script hides its bubble while no agent can take a chat (in the visitor’s department, once the page sets one).</span>
          </div>
        </div>
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

function LivechatForm() {
  const { readOnly } = useSession();
  const { settings, update, save, messages, errors, error, saved } = useReplaceableSettings<LivechatSettings>('/v1/settings/livechat');
  // the picker needs a valid colour: while the typed one is not, it keeps the last valid one
  const pickerColor = useRef('#000000');
  if (!settings) return <ErrorBox error={error} />;
  if (LIVECHAT_COLOR_PATTERN.test(settings.color)) pickerColor.current = settings.color.toLowerCase();
  const check = (path: 'enabled' | 'registrationForm' | 'offlineForm', label: string) => (
    <label class="check">
      <input type="checkbox" data-path={path} checked={settings[path]} onChange={(e) => update({ [path]: e.currentTarget.checked })} /> {label}
    </label>
  );
  return (
    <form onSubmit={(event) => void save(event)} aria-labelledby="livechat-title" novalidate>
      <ErrorSummary errors={errors} />
      <fieldset disabled={readOnly} class="plain">
        {check('enabled', 'Show the widget (off: the config answers {enabled: false})')}
        <Field label="Title" path="title" messages={messages}>
          {(input) => <input {...input} value={settings.title} maxLength={LIVECHAT_TITLE_MAX} onInput={(e) => update({ title: e.currentTarget.value })} />}
        </Field>
        <Field label="Colour" path="color" messages={messages} hint="#RRGGBB (e.g. #C1272D), or pick it in the swatch">
          {(input) => (
            <>
              <input
                {...input}
                value={settings.color}
                pattern={LIVECHAT_COLOR_PATTERN.source}
                spellcheck={false}
                onInput={(e) => update({ color: e.currentTarget.value })}
              />
              <input
                type="color"
                aria-label="Colour picker"
                value={pickerColor.current}
                onInput={(e) => update({ color: e.currentTarget.value.toUpperCase() })}
              />
            </>
          )}
        </Field>
        <div>{check('registrationForm', 'Ask for name and email before a chat (registration form)')}</div>
        <div>{check('offlineForm', 'Offer the “leave a message” form when nobody is online')}</div>
        <Field label="Language" path="language" messages={messages} hint="A BCP 47 tag such as en or pt-BR; empty: the visitor’s browser decides">
          {(input) => (
            <input
              {...input}
              value={settings.language ?? ''}
              spellcheck={false}
              onInput={(e) => update({ language: e.currentTarget.value.trim() === '' ? null : e.currentTarget.value })}
            />
          )}
        </Field>
        {!readOnly && (
          <button type="submit" class="primary">
            Save widget settings
          </button>
        )}
      </fieldset>
      <ErrorBox error={error} />
      {saved && (
        <p class="notice success" role="status">
          Widget settings saved.
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
        <h2 id="proactive-title">Proactive messages</h2>
        <p class="muted">
          At most N proactive messages per visit / per UTC day, at least N seconds between two, nothing for N seconds after the visitor closes a message.
          Chat-opened and guest-registered triggers are not counted.
        </p>
        <ProactiveForm />
      </div>
      <div class="card">
        <h2 id="secret-title">External service</h2>
        <p class="muted">The shared secret is sent to external services and signs each request (X-Livechat-Signature).</p>
        <SecretForm />
      </div>
      <div class="card">
        <h2 id="livechat-title">Rocket.Chat widget</h2>
        <p class="muted">
          These settings only shape Rocket.Chat’s own widget, through the compatible <code>/api/v1/livechat/config</code>. The native widget script does not
          read them.
        </p>
        <LivechatForm />
      </div>
    </section>
  );
}
