/** The fields of a rule row: key and operator beside its type, then a value editor fitting the operator (DESIGN §11). */
import {
  DEPARTMENT_KEYED_RULES,
  DEVICE_CLASSES,
  KEYED_RULES,
  MAX_PATTERN_LENGTH,
  MAX_TIME_ON_SITE_SECONDS,
  RULE_LIMITS,
  RULE_OPS,
  type RuleOp,
  SCHEDULE_KEYED_RULES,
  SCHEDULE_STATES,
} from '../api-constants';
import type { Department } from '../api-types';
import { type ConditionForm, isListOp, isPresenceOp, isRuleName, OP_LABELS, takesCaseSensitive, takesNumber } from '../condition-model';
import { Field, fieldId, type FieldMessages, type InputProps, PathErrors } from '../ui';
import { useDepartments } from '../use-departments';
import { scheduleOptions, useSchedules } from '../use-schedules';

const lines = (value: string): string[] => (value === '' ? [] : value.split('\n'));

/** A `<select multiple>` over `options`, its value kept as one item per line like the list text areas. */
function MultiSelect(props: { input: InputProps; value: string; options: readonly (readonly [string, string])[]; onChange: (value: string) => void }) {
  const chosen = new Set(lines(props.value));
  return (
    <select
      {...props.input}
      multiple
      size={Math.min(6, props.options.length)}
      onChange={(e) => props.onChange([...e.currentTarget.selectedOptions].map((o) => o.value).join('\n'))}
    >
      {props.options.map(([value, label]) => (
        <option value={value} selected={chosen.has(value)}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** Department choices: the listed ones, plus any id the rule names that is not listed (kept, shown as unknown). */
function departmentOptions(departments: Department[], value: string): [string, string][] {
  const options: [string, string][] = departments.map((d) => [d.id, d.name]);
  for (const id of lines(value)) if (id && !departments.some((d) => d.id === id)) options.push([id, `unknown id ${id}`]);
  return options;
}

/** The largest value a number rule takes; none for a metadata value compared as a number. */
function numberMax(name: ConditionForm['name']): number | undefined {
  if (name === 'time-on-page') return MAX_TIME_ON_SITE_SECONDS;
  if (name === 'agents-available') return RULE_LIMITS.agentsMax;
  return name === 'visitor-attribute' ? undefined : RULE_LIMITS.countMax;
}

function RuleValue(props: { condition: ConditionForm; path: string; messages: FieldMessages; onChange: (value: string) => void }) {
  const { condition: c, path, messages, onChange } = props;
  const departments = useDepartments();
  const list = isListOp(c.op);
  const valuePath = `${path}.value`;
  const set = (e: { currentTarget: { value: string } }) => onChange(e.currentTarget.value);

  if (c.name === 'visitor-registered') {
    return (
      <Field label="Value" path={valuePath} messages={messages}>
        {(input) => (
          <select {...input} value={c.value} onChange={set}>
            <option value="true">registered</option>
            <option value="false">not registered</option>
          </select>
        )}
      </Field>
    );
  }
  if (c.name === 'schedule') {
    return (
      <Field label="Schedule is" path={valuePath} messages={messages}>
        {(input) => (
          <select {...input} value={c.value} onChange={set}>
            {SCHEDULE_STATES.map((state) => (
              <option value={state}>{state}</option>
            ))}
          </select>
        )}
      </Field>
    );
  }
  const choices =
    c.name === 'device'
      ? DEVICE_CLASSES.map((d) => [d, d] as const)
      : c.name === 'department' && departments && departments.length > 0
        ? departmentOptions(departments, c.value)
        : null;
  if (choices) {
    return (
      <Field label={list ? 'Values (pick one or more)' : 'Value'} path={valuePath} messages={messages}>
        {(input) =>
          list ? (
            <MultiSelect input={input} value={c.value} options={choices} onChange={onChange} />
          ) : (
            <select {...input} value={c.value} onChange={set}>
              {c.name === 'department' && <option value="">— choose a department —</option>}
              {choices.map(([value, label]) => (
                <option value={value}>{label}</option>
              ))}
            </select>
          )
        }
      </Field>
    );
  }
  if (list) {
    return (
      <Field label="Values (one per line)" path={valuePath} messages={messages} hint={c.name === 'department' ? 'department ids' : undefined}>
        {(input) => <textarea {...input} rows={3} value={c.value} spellcheck={false} onInput={set} />}
      </Field>
    );
  }
  if (takesNumber(c)) {
    const max = numberMax(c.name);
    const label = c.name === 'time-on-page' ? 'Seconds on page' : c.name === 'agents-available' ? 'Available agents' : 'Value (a number)';
    return (
      <Field label={label} path={valuePath} messages={messages}>
        {(input) => (
          <input
            {...input}
            type="number"
            min={max === undefined ? undefined : 0}
            max={max}
            step={max === undefined ? 'any' : 1}
            value={c.value}
            onInput={set}
          />
        )}
      </Field>
    );
  }
  const regex = c.op === 'regex' || c.op === 'not-regex';
  return (
    <Field
      label={regex ? 'Pattern (RE2 regex, unanchored)' : 'Value'}
      path={valuePath}
      messages={messages}
      hint={c.name === 'department' ? 'a department id' : c.name === 'country' ? 'ISO 3166-1 alpha-2, upper case, e.g. DE' : undefined}
    >
      {(input) => <input {...input} value={c.value} maxLength={regex ? MAX_PATTERN_LENGTH : RULE_LIMITS.valueMaxLength} spellcheck={false} onInput={set} />}
    </Field>
  );
}

/**
 * `agents-available`'s optional `key`: the department whose available agents count; the
 * empty choice sends no key (all agents). Without the list (loading, or unreadable) it takes an id as text.
 */
function DepartmentKey(props: { condition: ConditionForm; path: string; messages: FieldMessages; onChange: (key: string) => void }) {
  const { condition: c, messages, onChange } = props;
  const departments = useDepartments();
  const set = (e: { currentTarget: { value: string } }) => onChange(e.currentTarget.value);
  return (
    <Field label="Department" path={`${props.path}.key`} messages={messages} hint={departments ? undefined : 'a department id; empty: all agents'}>
      {(input) =>
        departments ? (
          <select {...input} value={c.key} onChange={set}>
            <option value="">Any department / all agents</option>
            {departmentOptions(departments, c.key).map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        ) : (
          <input {...input} value={c.key} spellcheck={false} onInput={set} />
        )
      }
    </Field>
  );
}

/**
 * `schedule`'s required `key`: the schedule whose state is tested. Without the list (loading,
 * or unreadable) it takes an id as text.
 */
function ScheduleKey(props: { condition: ConditionForm; path: string; messages: FieldMessages; onChange: (key: string) => void }) {
  const { condition: c, messages, onChange } = props;
  const schedules = useSchedules();
  const set = (e: { currentTarget: { value: string } }) => onChange(e.currentTarget.value);
  const hint = schedules === null ? 'a schedule id' : schedules.length === 0 ? 'No schedules yet: add one on the Schedules page.' : undefined;
  return (
    <Field label="Schedule" path={`${props.path}.key`} messages={messages} hint={hint}>
      {(input) =>
        schedules ? (
          <select {...input} value={c.key} onChange={set}>
            <option value="">— choose a schedule —</option>
            {scheduleOptions(schedules, c.key).map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        ) : (
          <input {...input} value={c.key} spellcheck={false} onInput={set} />
        )
      }
    </Field>
  );
}

/** A rule's key and operator, beside its type. */
export function RuleHead(props: { condition: ConditionForm; path: string; messages: FieldMessages; onChange: (patch: Partial<ConditionForm>) => void }) {
  const { condition: c, path, messages, onChange } = props;
  const name = c.name;
  if (!isRuleName(name)) return null;
  return (
    <>
      {DEPARTMENT_KEYED_RULES.has(name) && <DepartmentKey condition={c} path={path} messages={messages} onChange={(key) => onChange({ key })} />}
      {SCHEDULE_KEYED_RULES.has(name) && <ScheduleKey condition={c} path={path} messages={messages} onChange={(key) => onChange({ key })} />}
      {KEYED_RULES.has(name) && (
        <Field label={name === 'query-param' ? 'Parameter name' : 'Metadata key'} path={`${path}.key`} messages={messages}>
          {(input) => (
            <input {...input} value={c.key} maxLength={RULE_LIMITS.keyMaxLength} spellcheck={false} onInput={(e) => onChange({ key: e.currentTarget.value })} />
          )}
        </Field>
      )}
      <Field label="Operator" path={`${path}.op`} messages={messages}>
        {(input) => (
          <select {...input} value={c.op} onChange={(e) => onChange({ op: e.currentTarget.value as RuleOp })}>
            {RULE_OPS[name].map((op) => (
              <option value={op}>{OP_LABELS[op]}</option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

/** A rule's value (fitting its operator) and its comparison options. */
export function RuleBody(props: { condition: ConditionForm; path: string; messages: FieldMessages; onChange: (patch: Partial<ConditionForm>) => void }) {
  const { condition: c, path, messages, onChange } = props;
  if (!isRuleName(c.name)) return null;
  const numericChoice = c.name === 'visitor-attribute' && (c.op === 'eq' || c.op === 'neq');
  const casePath = `${path}.caseSensitive`;
  return (
    <>
      {isPresenceOp(c.op) ? (
        <p class="muted">No value.</p>
      ) : (
        <RuleValue condition={c} path={path} messages={messages} onChange={(value) => onChange({ value })} />
      )}
      <div class="inline-fields">
        {numericChoice && (
          <label class="check">
            <input type="checkbox" checked={c.numeric} onChange={(e) => onChange({ numeric: e.currentTarget.checked })} /> Compare as numbers
          </label>
        )}
        {takesCaseSensitive(c) && (
          <label class="check">
            <input
              type="checkbox"
              id={fieldId(casePath)}
              data-path={casePath}
              aria-describedby={`${fieldId(casePath)}-msg`}
              checked={c.caseSensitive === true}
              onChange={(e) => onChange({ caseSensitive: e.currentTarget.checked })}
            />{' '}
            Case-sensitive
          </label>
        )}
      </div>
      <div id={`${fieldId(casePath)}-msg`}>
        <PathErrors paths={[casePath]} messages={messages} />
      </div>
    </>
  );
}
