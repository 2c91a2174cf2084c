/** The trigger's condition tree: Rocket.Chat conditions, rules and groups, each input at the API's path. */
import { GROUP_MATCHES, type GroupMatch, MAX_PATTERN_LENGTH, MAX_TIME_ON_SITE_SECONDS, RULE_LIMITS } from '../api-constants';
import { type ConditionForm, type ConditionKind, KIND_OPTIONS, kindLabel, MATCH_LABELS, newCondition } from '../condition-model';
import { Field, fieldId, type FieldMessages, PathErrors, useSession } from '../ui';
import { RuleBody, RuleHead } from './rule-fields';

function ConditionRow(props: {
  condition: ConditionForm;
  path: string;
  label: string;
  depth: number;
  messages: FieldMessages;
  removable: boolean;
  onChange: (next: ConditionForm) => void;
  onRemove: () => void;
}) {
  const { readOnly } = useSession();
  const { condition: c, path, label, depth, messages } = props;
  const update = (patch: Partial<ConditionForm>) => props.onChange({ ...c, ...patch });
  return (
    <fieldset class={`card condition${c.name === 'group' ? ' group' : ''}`} id={fieldId(path)} tabIndex={-1}>
      <legend>Condition {label}</legend>
      <PathErrors paths={[path]} messages={messages} />
      <div class="inline-fields">
        <Field label="Type" path={`${path}.name`} messages={messages}>
          {(input) => (
            <select {...input} value={c.name} onChange={(e) => props.onChange(newCondition(e.currentTarget.value as ConditionKind))}>
              {KIND_OPTIONS.map((group) => (
                <optgroup label={group.label}>
                  {group.kinds.map((kind) => (
                    <option value={kind} disabled={kind === 'group' && depth > RULE_LIMITS.maxDepth}>
                      {kindLabel(kind)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <RuleHead condition={c} path={path} messages={messages} onChange={update} />
        {c.name === 'group' && (
          <Field label="Conditions in this group must" path={`${path}.match`} messages={messages}>
            {(input) => (
              <select {...input} value={c.match} onChange={(e) => update({ match: e.currentTarget.value as GroupMatch })}>
                {GROUP_MATCHES.map((match) => (
                  <option value={match}>{MATCH_LABELS[match]}</option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      {c.name === 'page-url' && (
        <Field
          label="Page URL pattern (RE2 regex, unanchored)"
          hint="e.g. .*/contact matches https://shop.example/contact"
          path={`${path}.value`}
          messages={messages}
        >
          {(input) => (
            <input {...input} value={c.value} maxLength={MAX_PATTERN_LENGTH} spellcheck={false} onInput={(e) => update({ value: e.currentTarget.value })} />
          )}
        </Field>
      )}
      {c.name === 'time-on-site' && (
        <Field label="Seconds on site" path={`${path}.value`} messages={messages}>
          {(input) => (
            <input
              {...input}
              type="number"
              min={0}
              max={MAX_TIME_ON_SITE_SECONDS}
              step={1}
              value={c.value}
              onInput={(e) => update({ value: e.currentTarget.value })}
            />
          )}
        </Field>
      )}
      {(c.name === 'chat-opened-by-visitor' || c.name === 'after-guest-registration') && <p class="muted">No value: true on that event only.</p>}
      {c.name === 'custom-event' && <p class="muted">True only on that custom event (LivechatTriggers.track); names compare case-sensitively.</p>}
      <RuleBody condition={c} path={path} messages={messages} onChange={update} />
      {c.name === 'group' && (
        <div class="group-children">
          <ConditionList
            conditions={c.conditions}
            path={`${path}.conditions`}
            label={label}
            depth={depth + 1}
            messages={messages}
            max={RULE_LIMITS.groupChildrenMax}
            onChange={(conditions) => update({ conditions })}
          />
        </div>
      )}
      {!readOnly && props.removable && (
        <button type="button" class="link danger" onClick={props.onRemove}>
          Remove condition {label}
        </button>
      )}
    </fieldset>
  );
}

/**
 * A list of conditions: the trigger's (`label` empty, depth 1) or a group's. Every input's
 * path is the API's (`conditions[1].conditions[0].op`), so the server's errors land on it.
 */
export function ConditionList(props: {
  conditions: ConditionForm[];
  path: string;
  label?: string;
  depth: number;
  messages: FieldMessages;
  max: number;
  onChange: (conditions: ConditionForm[]) => void;
}) {
  const { readOnly } = useSession();
  const { conditions, path, label, depth } = props;
  const add = (kind: ConditionKind) => props.onChange([...conditions, newCondition(kind)]);
  const where = label ? ` to group ${label}` : '';
  return (
    <>
      <div id={fieldId(path)} tabIndex={-1}>
        <PathErrors paths={[path]} messages={props.messages} />
      </div>
      {conditions.map((condition, i) => (
        <ConditionRow
          key={i}
          condition={condition}
          path={`${path}[${i}]`}
          label={label ? `${label}.${i + 1}` : String(i + 1)}
          depth={depth}
          messages={props.messages}
          removable={conditions.length > 1}
          onChange={(next) => props.onChange(conditions.map((c, j) => (j === i ? next : c)))}
          onRemove={() => props.onChange(conditions.filter((_, j) => j !== i))}
        />
      ))}
      {!readOnly && conditions.length < props.max && (
        <div class="buttons">
          <button type="button" onClick={() => add('page-url')}>
            Add condition{where}
          </button>
          {depth <= RULE_LIMITS.maxDepth && (
            <button type="button" onClick={() => add('group')}>
              Add group{where}
            </button>
          )}
        </div>
      )}
    </>
  );
}
