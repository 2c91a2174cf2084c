import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { type MatchMode, TRIGGER_LIMITS } from '../api-constants';
import type { FieldError, Trigger, TriggerWarning, TriggerWriteResult } from '../api-types';
import { browserTimeZone } from '../time-zones';
import { bodyFromForm, emptyTrigger, formFromTrigger, newAction, type TriggerForm, validateTrigger } from '../trigger-model';
import { EditorFooter, ErrorBox, ErrorSummary, Field, focusField, Link, useSession } from '../ui';
import { ActionEditor } from './action-editor';
import { ConditionList } from './condition-editor';
import { HowOftenFields } from './how-often';
import { TriggerStats } from './trigger-stats';

/** Carries the create answer's warnings to the editor page of the new trigger. */
let flash: { notice: string; warnings: TriggerWarning[] } | null = null;

/** The API's field errors, plus one on `name` for a taken name (409 names no field). */
function errorsOf(error: ApiError): FieldError[] {
  if (error.problem?.code === 'trigger-name-taken') return [{ path: 'name', message: error.message }];
  return error.fieldErrors;
}

export function TriggerEditor(props: { id?: string }) {
  const { readOnly, navigate } = useSession();
  const [form, setForm] = useState<TriggerForm | null>(props.id ? null : emptyTrigger());
  const [version, setVersion] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [warnings, setWarnings] = useState<TriggerWarning[]>(flash?.warnings ?? []);
  const [notice, setNotice] = useState<string | null>(flash?.notice ?? null);
  const [error, setError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  flash = null;

  useEffect(() => {
    if (!props.id) return;
    api<Trigger>('GET', `/v1/triggers/${encodeURIComponent(props.id)}`)
      .then(({ body }) => {
        setForm(formFromTrigger(body));
        setVersion(body.version);
      })
      .catch(setError);
  }, [props.id]);

  if (!form) {
    return (
      <section>
        <h1>Trigger</h1>
        {error ? <ErrorBox error={error} /> : <p class="muted">Loading…</p>}
        <Link href="/admin">Back to the triggers</Link>
      </section>
    );
  }
  const update = (patch: Partial<TriggerForm>) => setForm({ ...form, ...patch });
  const messages = { errors, warnings };

  const save = async (event?: Event, overwrite = false) => {
    event?.preventDefault();
    setNotice(null);
    setError(null);
    setStale(false);
    const invalid = validateTrigger(form);
    setErrors(invalid);
    if (invalid.length > 0) {
      focusField(invalid[0].path);
      return;
    }
    setSaving(true);
    try {
      const body = bodyFromForm(form);
      if (!props.id) {
        const created = await api<TriggerWriteResult>('POST', '/v1/triggers', { body });
        flash = { notice: `Trigger “${created.body.name}” created.`, warnings: created.body.warnings ?? [] };
        navigate(`/admin/triggers/${created.body.id}`);
        return;
      }
      const headers: Record<string, string> = overwrite || version === null ? {} : { 'if-match': `"${version}"` };
      const saved = await api<TriggerWriteResult>('PUT', `/v1/triggers/${props.id}`, { body, headers });
      setVersion(saved.body.version);
      setWarnings(saved.body.warnings ?? []);
      setErrors([]);
      setNotice('Saved.');
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 412) setStale(true);
      else if (caught instanceof ApiError && errorsOf(caught).length > 0) {
        setErrors(errorsOf(caught));
        focusField(errorsOf(caught)[0].path);
      } else setError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section>
      <p>
        <Link href="/admin">← Triggers</Link>
      </p>
      <h1>{props.id ? `Edit trigger` : 'New trigger'}</h1>
      {readOnly && <p class="notice">Read-only: viewer keys can look at triggers but not change them.</p>}
      {notice && (
        <p class="notice success" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={(event) => void save(event)} novalidate aria-label="Trigger">
        <ErrorSummary errors={errors} />
        <fieldset disabled={readOnly} class="plain">
          <Field label="Name" path="name" messages={messages}>
            {(input) => (
              <input {...input} value={form.name} maxLength={TRIGGER_LIMITS.nameMaxLength} required onInput={(e) => update({ name: e.currentTarget.value })} />
            )}
          </Field>
          <Field label="Description" path="description" messages={messages}>
            {(input) => <textarea {...input} rows={2} value={form.description} onInput={(e) => update({ description: e.currentTarget.value })} />}
          </Field>
          <label class="check">
            <input type="checkbox" data-path="enabled" checked={form.enabled} onChange={(e) => update({ enabled: e.currentTarget.checked })} /> Enabled
          </label>
          <div class="inline-fields">
            <Field label={`Priority (${TRIGGER_LIMITS.priorityMin}–${TRIGGER_LIMITS.priorityMax}, lower fires first)`} path="priority" messages={messages}>
              {(input) => (
                <input
                  {...input}
                  type="number"
                  min={TRIGGER_LIMITS.priorityMin}
                  max={TRIGGER_LIMITS.priorityMax}
                  step={1}
                  value={form.priority}
                  onInput={(e) => update({ priority: e.currentTarget.value })}
                />
              )}
            </Field>
            <Field label="Conditions must" path="match" messages={messages}>
              {(input) => (
                <select {...input} value={form.match} onChange={(e) => update({ match: e.currentTarget.value as MatchMode })}>
                  <option value="all">all hold</option>
                  <option value="any">any hold</option>
                </select>
              )}
            </Field>
          </div>
          <div class="inline-fields">
            <Field label="Active from" path="activeFrom" messages={messages} hint={`your time (${browserTimeZone()}); empty: no start`}>
              {(input) => <input {...input} type="datetime-local" value={form.activeFrom} onInput={(e) => update({ activeFrom: e.currentTarget.value })} />}
            </Field>
            <Field label="Active until" path="activeUntil" messages={messages} hint={`your time (${browserTimeZone()}); empty: no end`}>
              {(input) => <input {...input} type="datetime-local" value={form.activeUntil} onInput={(e) => update({ activeUntil: e.currentTarget.value })} />}
            </Field>
          </div>
          <p class="hint">Outside this span the trigger does not fire: from the “from” moment on, up to (not including) the “until” moment.</p>
          <HowOftenFields form={form} messages={messages} onChange={update} />

          <h2>Conditions</h2>
          <ConditionList
            conditions={form.conditions}
            path="conditions"
            depth={1}
            messages={messages}
            max={TRIGGER_LIMITS.conditionsMax}
            onChange={(conditions) => update({ conditions })}
          />

          <h2>Actions</h2>
          {form.actions.map((action, i) => (
            <ActionEditor
              key={i}
              index={i}
              action={action}
              messages={messages}
              removable={form.actions.length > TRIGGER_LIMITS.actionsMin}
              onChange={(next) => update({ actions: form.actions.map((a, j) => (j === i ? next : a)) })}
              onRemove={() => update({ actions: form.actions.filter((_, j) => j !== i) })}
            />
          ))}
          {!readOnly && form.actions.length < TRIGGER_LIMITS.actionsMax && (
            <button type="button" onClick={() => update({ actions: [...form.actions, newAction()] })}>
              Add action
            </button>
          )}
        </fieldset>
        <ErrorBox error={error} />
        <EditorFooter what="trigger" creating={!props.id} saving={saving} stale={stale} cancelHref="/admin" onOverwrite={() => void save(undefined, true)} />
      </form>
      {props.id && <TriggerStats id={props.id} version={version} />}
    </section>
  );
}
