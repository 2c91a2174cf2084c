import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { EVENT_TYPES, type EventType, MAX_TIME_ON_SITE_SECONDS, MAX_TITLE_LENGTH, MAX_URL_LENGTH, RULE_LIMITS } from '../api-constants';
import type { ExplainReason, ExplainResponse, ExplainResult, FieldError } from '../api-types';
import { instantFromLocal } from '../trigger-model';
import { ErrorBox, ErrorSummary, Field, Link } from '../ui';
import { useDepartments } from '../use-departments';

const BLOCKED: Record<NonNullable<ExplainResult['blockedBy']>, string> = {
  disabled: 'the trigger is disabled',
  inactive: 'it is outside its active span (active from / until)',
  'run-once-consumed': 'it runs once and already fired for this visitor',
  'registered-visitor': 'the visitor is registered (only after-registration triggers fire)',
  'no-agent-available': 'no agent is available for its queue sender',
  frequency: 'it already fired as often as its “how often” allows for this visitor, or its cooldown runs',
  budget: 'the visitor has had as many proactive messages as the settings allow (per visit, per day, or the gap between two)',
  snoozed: 'the visitor closed a message a short while ago (the snooze after a close)',
};

/** When a block ends: the time of day when that is today, else the date and time (both local). */
function retryText(iso: string): string {
  const at = new Date(iso);
  return at.toDateString() === new Date().toDateString() ? at.toLocaleTimeString() : at.toLocaleString();
}

/** The request's facts as typed; an empty text is left out of the request (the stored visitor's, or absent). */
interface Facts {
  url: string;
  type: EventType;
  timeOnSiteSeconds: string;
  timeOnPageSeconds: string;
  title: string;
  referrer: string;
  language: string;
  name: string;
  userAgent: string;
  country: string;
  /** '' left out, 'none' no department (null), else a department id. */
  department: string;
  visitCount: string;
  chatsOpened: string;
  metadata: string;
  registered: boolean;
  visitorToken: string;
  /** `<input type="datetime-local">` in the browser's zone; empty: now. */
  at: string;
}

const INITIAL: Facts = {
  url: 'https://shop.example/contact',
  type: 'page-view',
  timeOnSiteSeconds: '0',
  timeOnPageSeconds: '0',
  title: '',
  referrer: '',
  language: '',
  name: '',
  userAgent: '',
  country: '',
  department: '',
  visitCount: '',
  chatsOpened: '',
  metadata: '',
  registered: false,
  visitorToken: '',
  at: '',
};

type TextFact = { [K in keyof Facts]: Facts[K] extends string ? K : never }[keyof Facts];
const NUMBER_FACTS = ['timeOnSiteSeconds', 'timeOnPageSeconds', 'visitCount', 'chatsOpened'] as const;
const TEXT_FACTS = ['title', 'referrer', 'language', 'userAgent', 'country'] as const;

/** `key=value` lines (empty lines skipped, the value may hold `=`); a line without `=` is an error. */
function parseMetadata(text: string): Record<string, string> | null {
  const metadata: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const at = line.indexOf('=');
    if (at < 1) return null;
    metadata[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return metadata;
}

/** The request body; a number field that is not a number is sent as typed, for the API to refuse at its path. */
function requestBody(facts: Facts): { body: Record<string, unknown> } | { invalid: FieldError } {
  const body: Record<string, unknown> = { type: facts.type, url: facts.url, registered: facts.registered };
  for (const key of NUMBER_FACTS) {
    const text = facts[key].trim();
    if (text !== '') body[key] = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  }
  for (const key of TEXT_FACTS) if (facts[key] !== '') body[key] = facts[key];
  if (facts.type === 'custom') body.name = facts.name;
  if (facts.department) body.department = facts.department === 'none' ? null : facts.department;
  if (facts.visitorToken.trim()) body.visitorToken = facts.visitorToken.trim();
  const at = instantFromLocal(facts.at);
  if (at !== null) body.at = at;
  if (facts.metadata.trim()) {
    const metadata = parseMetadata(facts.metadata);
    if (!metadata) return { invalid: { path: 'metadata', message: 'write one key=value per line' } };
    body.metadata = metadata;
  }
  return { body };
}

/** What the leaf saw: a string in quotes (so "" differs from absent), null as "absent". */
function actualText(actual: ExplainReason['actual']): string {
  if (actual === null) return 'absent';
  return typeof actual === 'string' ? JSON.stringify(actual) : String(actual);
}

function Reasons(props: { reasons: ExplainReason[] }) {
  return (
    <div class="table-scroll">
      <table class="reasons">
        <thead>
          <tr>
            <th scope="col">Met</th>
            <th scope="col">Path</th>
            <th scope="col">Condition</th>
            <th scope="col">Saw</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {props.reasons.map((reason) => (
            <tr data-reason-path={reason.path}>
              <td>
                <span aria-label={reason.met ? 'met' : 'not met'}>{reason.met ? '✔' : '✘'}</span>
              </td>
              <td class="nowrap">
                <code>{reason.path}</code>
              </td>
              <td class="nowrap">
                <code>{reason.condition}</code>
              </td>
              <td data-actual>{reason.actual === null ? <em>absent</em> : <code>{actualText(reason.actual)}</code>}</td>
              <td>{reason.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Dry run: which triggers would fire for a hypothetical visitor, and why (not). */
export function ExplainPage() {
  const [facts, setFacts] = useState<Facts>(INITIAL);
  const [results, setResults] = useState<ExplainResult[] | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const departments = useDepartments();
  const set = (patch: Partial<Facts>) => setFacts({ ...facts, ...patch });
  const text = (key: TextFact) => ({
    value: facts[key],
    onInput: (e: { currentTarget: { value: string } }) => set({ [key]: e.currentTarget.value }),
  });

  const run = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setErrors([]);
    const request = requestBody(facts);
    if ('invalid' in request) {
      setErrors([request.invalid]);
      return;
    }
    try {
      setResults((await api<ExplainResponse>('POST', '/v1/triggers/explain', { body: request.body })).body.results);
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
          {(input) => <input {...input} type="url" maxLength={MAX_URL_LENGTH} {...text('url')} />}
        </Field>
        <Field label="At" path="at" messages={messages} hint="evaluate at this moment (your time zone): schedules and active dates are read then; empty: now">
          {(input) => <input {...input} type="datetime-local" step={1} {...text('at')} />}
        </Field>
        <div class="inline-fields">
          <Field label="Event" path="type" messages={messages}>
            {(input) => (
              <select {...input} value={facts.type} onChange={(e) => set({ type: e.currentTarget.value as EventType })}>
                {EVENT_TYPES.map((t) => (
                  <option value={t}>{t}</option>
                ))}
              </select>
            )}
          </Field>
          {facts.type === 'custom' && (
            <Field label="Custom event name" path="name" messages={messages}>
              {(input) => <input {...input} maxLength={64} spellcheck={false} {...text('name')} />}
            </Field>
          )}
          <Field label="Time on site (s)" path="timeOnSiteSeconds" messages={messages}>
            {(input) => <input {...input} type="number" min={0} max={MAX_TIME_ON_SITE_SECONDS} {...text('timeOnSiteSeconds')} />}
          </Field>
          <Field label="Time on page (s)" path="timeOnPageSeconds" messages={messages}>
            {(input) => <input {...input} type="number" min={0} max={MAX_TIME_ON_SITE_SECONDS} {...text('timeOnPageSeconds')} />}
          </Field>
        </div>
        <Field label="Page title" path="title" messages={messages} hint="empty: the event sends no title">
          {(input) => <input {...input} maxLength={MAX_TITLE_LENGTH} {...text('title')} />}
        </Field>
        <div class="inline-fields">
          <Field label="Referrer" path="referrer" messages={messages} hint="an http(s) URL; empty: not given">
            {(input) => <input {...input} type="url" maxLength={MAX_URL_LENGTH} {...text('referrer')} />}
          </Field>
          <Field label="Language" path="language" messages={messages} hint="BCP 47, e.g. pt-BR">
            {(input) => <input {...input} maxLength={35} spellcheck={false} {...text('language')} />}
          </Field>
          <Field label="Country" path="country" messages={messages} hint="ISO 3166-1 alpha-2, e.g. DE">
            {(input) => <input {...input} maxLength={2} spellcheck={false} {...text('country')} />}
          </Field>
        </div>
        <Field label="User agent" path="userAgent" messages={messages} hint="its device class is the device fact (default desktop)">
          {(input) => <input {...input} spellcheck={false} {...text('userAgent')} />}
        </Field>
        <div class="inline-fields">
          <Field label="Department" path="department" messages={messages}>
            {(input) =>
              departments && departments.length > 0 ? (
                <select {...input} value={facts.department} onChange={(e) => set({ department: e.currentTarget.value })}>
                  <option value="">(not given)</option>
                  <option value="none">no department</option>
                  {departments.map((d) => (
                    <option value={d.id}>{d.name}</option>
                  ))}
                </select>
              ) : (
                <input {...input} spellcheck={false} placeholder="a department id" {...text('department')} />
              )
            }
          </Field>
          <Field label="Visit count" path="visitCount" messages={messages} hint="default 1">
            {(input) => <input {...input} type="number" min={1} max={RULE_LIMITS.countMax} {...text('visitCount')} />}
          </Field>
          <Field label="Chats opened" path="chatsOpened" messages={messages} hint="default 0">
            {(input) => <input {...input} type="number" min={0} max={RULE_LIMITS.countMax} {...text('chatsOpened')} />}
          </Field>
        </div>
        <Field label="Metadata (key=value, one per line)" path="metadata" messages={messages}>
          {(input) => <textarea {...input} rows={2} spellcheck={false} {...text('metadata')} />}
        </Field>
        <label class="check">
          <input type="checkbox" data-path="registered" checked={facts.registered} onChange={(e) => set({ registered: e.currentTarget.checked })} /> Visitor is
          registered
        </label>
        <Field label="Visitor token (optional: use a real visitor's stored facts and run-once history)" path="visitorToken" messages={messages}>
          {(input) => <input {...input} {...text('visitorToken')} />}
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
              {r.blockedBy && (
                <p data-blocked-by={r.blockedBy}>
                  Blocked: {BLOCKED[r.blockedBy] ?? r.blockedBy}
                  {r.retryAt && (
                    <>
                      {' '}
                      — retry at{' '}
                      <time dateTime={r.retryAt} data-retry-at>
                        {retryText(r.retryAt)}
                      </time>
                    </>
                  )}
                  .
                </p>
              )}
              {r.afterSeconds !== undefined && <p>Would fire after {r.afterSeconds} more seconds on site.</p>}
              <Reasons reasons={r.reasons} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
