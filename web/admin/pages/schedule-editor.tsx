import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { SCHEDULE_LIMITS, WEEKDAYS, type Weekday } from '../api-constants';
import type { FieldError, Schedule } from '../api-types';
import {
  bodyFromForm,
  DAY_LABELS,
  emptySchedule,
  type ExceptionForm,
  formFromSchedule,
  newException,
  newWindow,
  type ScheduleForm,
  validateSchedule,
  weeklyCount,
  weeklyPath,
} from '../schedule-model';
import { browserTimeZone, canListTimeZones, timeZoneChoices } from '../time-zones';
import { EditorFooter, ErrorBox, ErrorSummary, Field, fieldId, type FieldMessages, focusField, Link, PathErrors, useSession } from '../ui';
import { schedulesChanged } from '../use-schedules';
import { WindowList } from './schedule-windows';

/** Carries the create answer's notice to the editor page of the new schedule. */
let flash: string | null = null;

/** The API's field errors, plus one on `name` for a taken name (409 names no field). */
function errorsOf(error: ApiError): FieldError[] {
  if (error.problem?.code === 'schedule-name-taken') return [{ path: 'name', message: error.message }];
  return error.fieldErrors;
}

function TimeZoneField(props: { value: string; messages: FieldMessages; onChange: (timeZone: string) => void }) {
  const choices = timeZoneChoices(props.value);
  const set = (e: { currentTarget: { value: string } }) => props.onChange(e.currentTarget.value);
  return (
    <Field
      label="Time zone"
      path="timeZone"
      messages={props.messages}
      hint={`The hours below are wall-clock times there. Your browser is in ${browserTimeZone()}.`}
    >
      {(input) =>
        canListTimeZones() ? (
          <select {...input} value={props.value} onChange={set}>
            {choices.map((zone) => (
              <option value={zone}>{zone}</option>
            ))}
          </select>
        ) : (
          // this browser cannot list its zones: any IANA name may be typed, and the server checks it
          <>
            <input {...input} list="time-zones" value={props.value} spellcheck={false} onInput={set} />
            <datalist id="time-zones">
              {choices.map((zone) => (
                <option value={zone} />
              ))}
            </datalist>
          </>
        )
      }
    </Field>
  );
}

function ExceptionRow(props: {
  exception: ExceptionForm;
  index: number;
  messages: FieldMessages;
  onChange: (next: ExceptionForm) => void;
  onRemove: () => void;
}) {
  const { readOnly } = useSession();
  const { exception: e, index, messages } = props;
  const path = `exceptions[${index}]`;
  const label = `exception ${index + 1}`;
  const update = (patch: Partial<ExceptionForm>) => props.onChange({ ...e, ...patch });
  const closedId = `${fieldId(path)}-closed`;
  return (
    <fieldset class="card" id={fieldId(path)} tabIndex={-1}>
      <legend>Exception {index + 1}</legend>
      <PathErrors paths={[path, `${path}.windows`]} messages={messages} />
      <div class="inline-fields">
        <Field label="Date" path={`${path}.date`} messages={messages} hint="in the schedule's time zone">
          {(input) => <input {...input} type="date" required value={e.date} onInput={(ev) => update({ date: ev.currentTarget.value })} />}
        </Field>
        <label class="check" for={closedId}>
          <input
            id={closedId}
            type="checkbox"
            checked={e.closed}
            // reopening a day with no windows offers one to fill in
            onChange={(ev) => update({ closed: ev.currentTarget.checked, windows: e.windows.length > 0 ? e.windows : [newWindow()] })}
          />{' '}
          Closed all day
        </label>
      </div>
      {!e.closed && (
        <WindowList
          windows={e.windows}
          pathOf={(j) => `${path}.windows[${j}]`}
          label={label}
          full={e.windows.length >= SCHEDULE_LIMITS.windowsPerExceptionMax}
          messages={messages}
          onChange={(windows) => update({ windows, closed: windows.length === 0 })}
        />
      )}
      {!readOnly && (
        <p>
          <button type="button" class="link danger" onClick={props.onRemove}>
            Remove exception {index + 1}
          </button>
        </p>
      )}
    </fieldset>
  );
}

export function ScheduleEditor(props: { id?: string }) {
  const { readOnly, navigate } = useSession();
  const [form, setForm] = useState<ScheduleForm | null>(props.id ? null : emptySchedule());
  const [version, setVersion] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<string | null>(flash);
  const [error, setError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  flash = null;

  useEffect(() => {
    if (!props.id) return;
    api<Schedule>('GET', `/v1/schedules/${encodeURIComponent(props.id)}`)
      .then(({ body }) => {
        setForm(formFromSchedule(body));
        setVersion(body.version);
      })
      .catch(setError);
  }, [props.id]);

  if (!form) {
    return (
      <section>
        <h1>Schedule</h1>
        {error ? <ErrorBox error={error} /> : <p class="muted">Loading…</p>}
        <Link href="/admin/schedules">Back to the schedules</Link>
      </section>
    );
  }
  const update = (patch: Partial<ScheduleForm>) => setForm({ ...form, ...patch });
  const setDay = (day: Weekday, windows: ScheduleForm['weekly'][Weekday]) => update({ weekly: { ...form.weekly, [day]: windows } });
  const messages = { errors };
  const weekFull = weeklyCount(form) >= SCHEDULE_LIMITS.weeklyMax;

  const save = async (event?: Event, overwrite = false) => {
    event?.preventDefault();
    setNotice(null);
    setError(null);
    setStale(false);
    const invalid = validateSchedule(form);
    setErrors(invalid);
    if (invalid.length > 0) return focusField(invalid[0].path);
    setSaving(true);
    try {
      const body = bodyFromForm(form);
      if (!props.id) {
        const created = await api<Schedule>('POST', '/v1/schedules', { body });
        schedulesChanged();
        flash = `Schedule “${created.body.name}” created.`;
        navigate(`/admin/schedules/${created.body.id}`);
        return;
      }
      const headers: Record<string, string> = overwrite || version === null ? {} : { 'if-match': `"${version}"` };
      const saved = await api<Schedule>('PUT', `/v1/schedules/${props.id}`, { body, headers });
      schedulesChanged();
      setVersion(saved.body.version);
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
        <Link href="/admin/schedules">← Schedules</Link>
      </p>
      <h1>{props.id ? 'Edit schedule' : 'New schedule'}</h1>
      {readOnly && <p class="notice">Read-only: viewer keys can look at schedules but not change them.</p>}
      {notice && (
        <p class="notice success" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={(event) => void save(event)} novalidate aria-label="Schedule">
        <ErrorSummary errors={errors} />
        <fieldset disabled={readOnly} class="plain">
          <Field label="Name" path="name" messages={messages}>
            {(input) => (
              <input {...input} value={form.name} maxLength={SCHEDULE_LIMITS.nameMax} required onInput={(e) => update({ name: e.currentTarget.value })} />
            )}
          </Field>
          <TimeZoneField value={form.timeZone} messages={messages} onChange={(timeZone) => update({ timeZone })} />

          <h2>Every week</h2>
          <p class="muted">Open from the start time up to (not including) the end time. A day without windows is closed.</p>
          <div id={fieldId('weekly')} tabIndex={-1}>
            <PathErrors paths={['weekly']} messages={messages} />
          </div>
          {WEEKDAYS.map((day) => (
            <fieldset class="card day" data-day={day}>
              <legend>{DAY_LABELS[day]}</legend>
              <WindowList
                windows={form.weekly[day]}
                pathOf={(i) => weeklyPath(form, day, i)}
                label={DAY_LABELS[day]}
                full={weekFull}
                messages={messages}
                onChange={(windows) => setDay(day, windows)}
              />
            </fieldset>
          ))}

          <h2>Exceptions</h2>
          <p class="muted">Dates (holidays, special openings) whose hours replace that week day's.</p>
          <div id={fieldId('exceptions')} tabIndex={-1}>
            <PathErrors paths={['exceptions']} messages={messages} />
          </div>
          {form.exceptions.map((exception, i) => (
            <ExceptionRow
              key={i}
              exception={exception}
              index={i}
              messages={messages}
              onChange={(next) => update({ exceptions: form.exceptions.map((x, j) => (j === i ? next : x)) })}
              onRemove={() => update({ exceptions: form.exceptions.filter((_, j) => j !== i) })}
            />
          ))}
          {!readOnly && form.exceptions.length < SCHEDULE_LIMITS.exceptionsMax && (
            <button type="button" onClick={() => update({ exceptions: [...form.exceptions, newException()] })}>
              Add exception
            </button>
          )}
        </fieldset>
        <ErrorBox error={error} />
        <EditorFooter
          what="schedule"
          creating={!props.id}
          saving={saving}
          stale={stale}
          cancelHref="/admin/schedules"
          onOverwrite={() => void save(undefined, true)}
        />
      </form>
    </section>
  );
}
