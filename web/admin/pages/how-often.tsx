import { FREQUENCY_LIMITS, FREQUENCY_PERIODS, type FrequencyPeriod } from '../api-constants';
import { FREQUENCY_PER_LABELS, type FrequencyForm, type HowOften, type TriggerForm } from '../trigger-model';
import { Field, fieldId, type FieldMessages, PathErrors } from '../ui';

const { max: MAX, cooldownSeconds: COOLDOWN } = FREQUENCY_LIMITS;

/**
 * "How often" (DESIGN §14): every time, once per visitor (`runOnce`), or at most N times per
 * visit, UTC day or visitor with a cooldown (`frequency`). The radios of the last two carry
 * the API's paths, so the server's errors there (`runOnce`, `frequency`) can focus them.
 */
export function HowOftenFields(props: { form: TriggerForm; messages: FieldMessages; onChange: (patch: Partial<TriggerForm>) => void }) {
  const { howOften, frequency } = props.form;
  const { messages } = props;
  const setFrequency = (patch: Partial<FrequencyForm>) => props.onChange({ frequency: { ...frequency, ...patch } });
  const choice = (value: HowOften, path: string, label: string) => (
    <div>
      <label class="check">
        <input
          type="radio"
          name="howOften"
          value={value}
          id={fieldId(path)}
          data-path={path}
          checked={howOften === value}
          onChange={() => props.onChange({ howOften: value })}
        />{' '}
        {label}
      </label>
    </div>
  );
  return (
    <fieldset class="card how-often">
      <legend>How often</legend>
      <PathErrors paths={['runOnce', 'frequency']} messages={messages} />
      {choice('always', 'howOften', 'Every time its conditions hold')}
      {choice('once', 'runOnce', 'Once per visitor')}
      {choice('limited', 'frequency', 'At most a number of times per visit, UTC day or visitor, with a cooldown')}
      {howOften === 'limited' && (
        <div class="inline-fields">
          <Field label={`At most (${MAX.min}–${MAX.max} times)`} path="frequency.max" messages={messages}>
            {(input) => (
              <input
                {...input}
                type="number"
                min={MAX.min}
                max={MAX.max}
                step={1}
                value={frequency.max}
                onInput={(e) => setFrequency({ max: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field label="Per" path="frequency.per" messages={messages}>
            {(input) => (
              <select {...input} value={frequency.per} onChange={(e) => setFrequency({ per: e.currentTarget.value as FrequencyPeriod })}>
                {FREQUENCY_PERIODS.map((per) => (
                  <option value={per}>{FREQUENCY_PER_LABELS[per]}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Cooldown (seconds)" path="frequency.cooldownSeconds" messages={messages} hint="between two of its messages; 0: none">
            {(input) => (
              <input
                {...input}
                type="number"
                min={COOLDOWN.min}
                max={COOLDOWN.max}
                step={1}
                value={frequency.cooldownSeconds}
                onInput={(e) => setFrequency({ cooldownSeconds: e.currentTarget.value })}
              />
            )}
          </Field>
        </div>
      )}
    </fieldset>
  );
}
