import { useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from '../api';
import { ACTION_NAMES, type ActionName, type SenderType, TRIGGER_LIMITS } from '../api-constants';
import type { SendTestResult } from '../api-types';
import { ACTION_LABELS, type ActionForm } from '../trigger-model';
import { ErrorBox, Field, type FieldMessages, useSession } from '../ui';

function SendTestOutcome(props: { result: SendTestResult }) {
  const { result } = props;
  if (result.ok) {
    return (
      <div class="test-result ok" role="status">
        <p>
          Success: HTTP {result.statusCode} in {result.durationMs} ms. The visitor would see:
        </p>
        <ol>
          {(result.contents ?? []).map((m) => (
            <li>{m.msg}</li>
          ))}
        </ol>
      </div>
    );
  }
  return (
    <div class="test-result failed" role="status">
      <p>
        Failed: <code>{result.error}</code>
        {result.reason && (
          <>
            {' '}
            (reason: <code>{result.reason}</code>)
          </>
        )}
        {result.statusCode !== undefined && <> · HTTP {result.statusCode}</>} · {result.durationMs} ms
      </p>
      {result.error === 'secret-token-not-configured' && <p>Set the shared secret under Settings → External service first.</p>}
    </div>
  );
}

/** Send Test's own field names, mapped onto this action's fields. */
function testErrors(error: unknown, index: number): FieldMessages['errors'] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldErrors.map((e) => ({ ...e, path: `actions[${index}].params.${e.path}` }));
}

export function ActionEditor(props: {
  index: number;
  action: ActionForm;
  messages: FieldMessages;
  removable: boolean;
  onChange: (action: ActionForm) => void;
  onRemove: () => void;
}) {
  const { readOnly } = useSession();
  const { action, index: i } = props;
  const params = `actions[${i}].params`;
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<SendTestResult | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const set = (patch: Partial<ActionForm>) => props.onChange({ ...action, ...patch });
  const messages = { ...props.messages, errors: [...(props.messages.errors ?? []), ...(testErrors(testError, i) ?? [])] };

  const sendTest = async () => {
    setTesting(true);
    setResult(null);
    setTestError(null);
    try {
      const timeout = Number(action.serviceTimeout);
      const body = {
        serviceUrl: action.serviceUrl,
        serviceTimeout: Number.isFinite(timeout) ? timeout : action.serviceTimeout,
        serviceFallbackMessage: action.serviceFallbackMessage,
      };
      setResult((await api<SendTestResult>('POST', '/v1/external-service/test', { body })).body);
    } catch (caught) {
      setTestError(caught);
    } finally {
      setTesting(false);
    }
  };

  return (
    <fieldset class="card">
      <legend>Action {i + 1}</legend>
      <Field label="Type" path={`actions[${i}].name`} messages={messages}>
        {(input) => (
          <select {...input} value={action.name} onChange={(e) => set({ name: e.currentTarget.value as ActionName })}>
            {ACTION_NAMES.map((name) => (
              <option value={name}>{ACTION_LABELS[name]}</option>
            ))}
          </select>
        )}
      </Field>
      <div class="inline-fields">
        <Field label="Sender" path={`${params}.sender`} messages={messages}>
          {(input) => (
            <select {...input} value={action.sender} onChange={(e) => set({ sender: e.currentTarget.value as SenderType })}>
              <option value="queue">Next agent from the queue</option>
              <option value="custom">Custom sender</option>
            </select>
          )}
        </Field>
        {action.sender === 'custom' && (
          <Field label="Sender name" hint="An agent's username shows that agent" path={`${params}.name`} messages={messages}>
            {(input) => (
              <input
                {...input}
                value={action.senderName}
                maxLength={TRIGGER_LIMITS.senderNameMaxLength}
                onInput={(e) => set({ senderName: e.currentTarget.value })}
              />
            )}
          </Field>
        )}
      </div>
      {action.name === 'send-message' ? (
        <Field label="Message" path={`${params}.msg`} messages={messages}>
          {(input) => (
            <textarea {...input} rows={3} value={action.msg} maxLength={TRIGGER_LIMITS.msgMaxLength} onInput={(e) => set({ msg: e.currentTarget.value })} />
          )}
        </Field>
      ) : (
        <>
          <Field
            label="Service URL"
            hint="POSTed the visitor token and metadata; answers {contents: [{msg, order}]}"
            path={`${params}.serviceUrl`}
            messages={messages}
          >
            {(input) => (
              <input
                {...input}
                type="url"
                value={action.serviceUrl}
                maxLength={TRIGGER_LIMITS.serviceUrlMaxLength}
                spellcheck={false}
                onInput={(e) => set({ serviceUrl: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field
            label={`Timeout (ms, ${TRIGGER_LIMITS.serviceTimeoutMin}–${TRIGGER_LIMITS.serviceTimeoutMax})`}
            path={`${params}.serviceTimeout`}
            messages={messages}
          >
            {(input) => (
              <input
                {...input}
                type="number"
                min={TRIGGER_LIMITS.serviceTimeoutMin}
                max={TRIGGER_LIMITS.serviceTimeoutMax}
                step={100}
                value={action.serviceTimeout}
                onInput={(e) => set({ serviceTimeout: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field label="Fallback message (shown when the call fails; empty: nothing)" path={`${params}.serviceFallbackMessage`} messages={messages}>
            {(input) => (
              <textarea
                {...input}
                rows={2}
                value={action.serviceFallbackMessage}
                maxLength={TRIGGER_LIMITS.serviceFallbackMessageMaxLength}
                onInput={(e) => set({ serviceFallbackMessage: e.currentTarget.value })}
              />
            )}
          </Field>
          {!readOnly && (
            <button type="button" onClick={() => void sendTest()} disabled={testing}>
              {testing ? 'Sending test…' : 'Send Test'}
            </button>
          )}
          {result && <SendTestOutcome result={result} />}
          {testError !== null && !(testError instanceof ApiError && testError.fieldErrors.length > 0) && (
            <ErrorBox error={new Error(`Send Test failed: ${errorMessage(testError)}`)} />
          )}
        </>
      )}
      {!readOnly && props.removable && (
        <button type="button" class="link danger" onClick={props.onRemove}>
          Remove action {i + 1}
        </button>
      )}
    </fieldset>
  );
}
