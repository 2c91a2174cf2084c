import { PROACTIVE_LIMITS } from '../api-constants';
import type { ProactiveSettings } from '../api-types';
import { ErrorBox, ErrorSummary, Field, useSession } from '../ui';
import { type SettingsCodec, useSettingsForm } from '../use-settings-form';

type Limit = keyof ProactiveSettings;
/** Each limit as typed; empty is no limit (null). */
type LimitTexts = Record<Limit, string>;

const LIMITS: readonly (readonly [Limit, string])[] = [
  ['maxPerVisit', 'Messages per visit, at most'],
  ['maxPerDay', 'Messages per UTC day, at most'],
  ['minGapSeconds', 'Seconds between two, at least'],
  ['snoozeAfterDismissSeconds', 'Quiet seconds after a close'],
];

/** A number as typed is sent as a number; other text is sent as typed, for the API to refuse at its path. */
function limitBody(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

const codec: SettingsCodec<ProactiveSettings, LimitTexts> = {
  form: (settings) => Object.fromEntries(LIMITS.map(([key]) => [key, settings[key] === null ? '' : String(settings[key])])) as LimitTexts,
  body: (form) => Object.fromEntries(LIMITS.map(([key]) => [key, limitBody(form[key])])),
};

/** The proactive message budget and snooze for each visitor, across all triggers (DESIGN §14). */
export function ProactiveForm() {
  const { readOnly } = useSession();
  const { form, update, save, messages, errors, error, saved } = useSettingsForm('/v1/settings/proactive', codec);
  if (!form) return <ErrorBox error={error} />;
  return (
    <form onSubmit={(event) => void save(event)} aria-labelledby="proactive-title" novalidate>
      <ErrorSummary errors={errors} />
      <fieldset disabled={readOnly} class="plain">
        <div class="inline-fields">
          {LIMITS.map(([key, label]) => (
            <Field label={label} path={key} messages={messages} hint="empty: no limit">
              {(input) => (
                <input
                  {...input}
                  type="number"
                  min={0}
                  max={PROACTIVE_LIMITS[key]}
                  step={1}
                  value={form[key]}
                  onInput={(e) => update({ [key]: e.currentTarget.value })}
                />
              )}
            </Field>
          ))}
        </div>
        {!readOnly && (
          <button type="submit" class="primary">
            Save proactive limits
          </button>
        )}
      </fieldset>
      <ErrorBox error={error} />
      {saved && (
        <p class="notice success" role="status">
          Proactive message limits saved.
        </p>
      )}
    </form>
  );
}
