/** Opening windows (from/to pairs) of one week day or one exception date, each input at the API's path. */
import { newWindow, type WindowForm } from '../schedule-model';
import { Field, fieldId, type FieldMessages, PathErrors, useSession } from '../ui';

function WindowRow(props: {
  window: WindowForm;
  path: string;
  /** Names the row for assistive technology and tests: "Monday, window 2". */
  label: string;
  messages: FieldMessages;
  onChange: (next: WindowForm) => void;
  onRemove: () => void;
}) {
  const { readOnly } = useSession();
  const { window: w, path, label, messages } = props;
  const update = (patch: Partial<WindowForm>) => props.onChange({ ...w, ...patch });
  const midnightId = `${fieldId(path)}-midnight`;
  return (
    <div class="window-row" role="group" aria-label={label} id={fieldId(path)} tabIndex={-1}>
      <PathErrors paths={[path]} messages={messages} />
      <div class="inline-fields">
        <Field label="From" path={`${path}.from`} messages={messages}>
          {(input) => <input {...input} type="time" required value={w.from} onInput={(e) => update({ from: e.currentTarget.value })} />}
        </Field>
        <Field label="To" path={`${path}.to`} messages={messages}>
          {(input) =>
            w.untilMidnight ? (
              // a time input cannot show 24:00; the window ends at the next local midnight
              <input {...input} type="text" value="24:00" readOnly />
            ) : (
              <input {...input} type="time" required value={w.to} onInput={(e) => update({ to: e.currentTarget.value })} />
            )
          }
        </Field>
        <label class="check" for={midnightId}>
          <input id={midnightId} type="checkbox" checked={w.untilMidnight} onChange={(e) => update({ untilMidnight: e.currentTarget.checked })} /> Until
          midnight (24:00)
        </label>
        {!readOnly && (
          <button type="button" class="link danger" aria-label={`Remove ${label}`} onClick={props.onRemove}>
            Remove
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * The windows of one day or date; none means closed. `pathOf(i)` is the API's path of the
 * i-th window (`weekly[3]`, `exceptions[0].windows[1]`), where the server's errors name it.
 */
export function WindowList(props: {
  windows: WindowForm[];
  pathOf: (index: number) => string;
  /** "Monday", "exception 1": the rows are "<label>, window <n>". */
  label: string;
  /** No more windows may be added (the API's limit). */
  full: boolean;
  messages: FieldMessages;
  onChange: (windows: WindowForm[]) => void;
}) {
  const { readOnly } = useSession();
  const { windows, label } = props;
  return (
    <>
      {windows.length === 0 && <p class="muted closed-note">Closed</p>}
      {windows.map((w, i) => (
        <WindowRow
          key={i}
          window={w}
          path={props.pathOf(i)}
          label={`${label}, window ${i + 1}`}
          messages={props.messages}
          onChange={(next) => props.onChange(windows.map((x, j) => (j === i ? next : x)))}
          onRemove={() => props.onChange(windows.filter((_, j) => j !== i))}
        />
      ))}
      {!readOnly && (
        <button type="button" disabled={props.full} aria-label={`Add a window to ${label}`} onClick={() => props.onChange([...windows, nextWindow(windows)])}>
          Add window
        </button>
      )}
    </>
  );
}

/** A new window starts where the last one ended, so that adding one rarely makes an overlap. */
function nextWindow(windows: WindowForm[]): WindowForm {
  const last = windows[windows.length - 1];
  if (!last || last.untilMidnight || !last.to) return newWindow();
  const [hours] = last.to.split(':').map(Number);
  const end = hours >= 23 ? '24:00' : `${String(hours + 1).padStart(2, '0')}:${last.to.slice(3)}`;
  return end === '24:00' ? { from: last.to, to: '', untilMidnight: true } : { from: last.to, to: end, untilMidnight: false };
}
