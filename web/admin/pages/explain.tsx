import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { EVENT_TYPES, type EventType, MAX_TIME_ON_SITE_SECONDS, MAX_URL_LENGTH } from '../api-constants';
import type { ExplainResponse, ExplainResult, FieldError } from '../api-types';
import { ErrorBox, ErrorSummary, Field, Link } from '../ui';

const BLOCKED: Record<NonNullable<ExplainResult['blockedBy']>, string> = {
  disabled: 'the trigger is disabled',
  'run-once-consumed': 'it runs once and already fired for this visitor',
  'registered-visitor': 'the visitor is registered (only after-registration triggers fire)',
  'no-agent-available': 'no agent is available for its queue sender',
};

/** Dry run: which triggers would fire for a hypothetical visitor, and why (not). */
export function ExplainPage() {
  const [url, setUrl] = useState('https://shop.example/contact');
  const [type, setType] = useState<EventType>('page-view');
  const [seconds, setSeconds] = useState('0');
  const [registered, setRegistered] = useState(false);
  const [visitorToken, setVisitorToken] = useState('');
  const [results, setResults] = useState<ExplainResult[] | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<unknown>(null);

  const run = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setErrors([]);
    const body: Record<string, unknown> = { type, url, registered };
    if (seconds.trim() !== '') body.timeOnSiteSeconds = /^-?\d+(\.\d+)?$/.test(seconds.trim()) ? Number(seconds) : seconds;
    if (visitorToken.trim()) body.visitorToken = visitorToken.trim();
    try {
      setResults((await api<ExplainResponse>('POST', '/v1/triggers/explain', { body })).body.results);
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fieldErrors);
      setError(caught);
    }
  };
  const messages = { errors };
  return (
    <section>
      <h1>Explain</h1>
      <p class="muted">Evaluates every trigger for a made-up visitor event, without side effects, and tells why each would or would not fire.</p>
      <form class="card" onSubmit={(event) => void run(event)} aria-label="Explain" novalidate>
        <ErrorSummary errors={errors} />
        <Field label="Page URL" path="url" messages={messages}>
          {(input) => <input {...input} type="url" value={url} maxLength={MAX_URL_LENGTH} onInput={(e) => setUrl(e.currentTarget.value)} />}
        </Field>
        <div class="inline-fields">
          <Field label="Event" path="type" messages={messages}>
            {(input) => (
              <select {...input} value={type} onChange={(e) => setType(e.currentTarget.value as EventType)}>
                {EVENT_TYPES.map((t) => (
                  <option value={t}>{t}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Time on site (s)" path="timeOnSiteSeconds" messages={messages}>
            {(input) => (
              <input {...input} type="number" min={0} max={MAX_TIME_ON_SITE_SECONDS} value={seconds} onInput={(e) => setSeconds(e.currentTarget.value)} />
            )}
          </Field>
        </div>
        <label class="check">
          <input type="checkbox" data-path="registered" checked={registered} onChange={(e) => setRegistered(e.currentTarget.checked)} /> Visitor is registered
        </label>
        <Field label="Visitor token (optional: use a real visitor's registration and run-once history)" path="visitorToken" messages={messages}>
          {(input) => <input {...input} value={visitorToken} onInput={(e) => setVisitorToken(e.currentTarget.value)} />}
        </Field>
        <ErrorBox error={error} />
        <button type="submit" class="primary">
          Explain
        </button>
      </form>
      {results && results.length === 0 && <p class="muted">There are no triggers yet.</p>}
      {results && results.length > 0 && (
        <ul class="cards" aria-label="Explanation">
          {results.map((r) => (
            <li class={`card explain ${r.wouldFire ? 'fires' : 'quiet'}`} data-explain-for={r.triggerName}>
              <h2>
                <Link href={`/admin/triggers/${r.triggerId}`}>{r.triggerName}</Link>:{' '}
                <span class="verdict">{r.wouldFire ? 'would fire' : 'would not fire'}</span>
              </h2>
              {r.blockedBy && <p>Blocked: {BLOCKED[r.blockedBy] ?? r.blockedBy}.</p>}
              {r.afterSeconds !== undefined && <p>Would fire after {r.afterSeconds} more seconds on site.</p>}
              <ul>
                {r.reasons.map((reason) => (
                  <li>
                    <span aria-label={reason.met ? 'met' : 'not met'}>{reason.met ? '✔' : '✘'}</span> <code>{reason.condition}</code>: {reason.detail}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
