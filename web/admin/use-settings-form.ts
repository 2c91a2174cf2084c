import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import type { FieldError } from './api-types';

/** How a settings form's state maps to and from the API's document. */
export interface SettingsCodec<T, F> {
  form(settings: T): F;
  body(form: F): unknown;
}

/**
 * A settings document read with GET and replaced with PUT (routing, proactive limits, the
 * Rocket.Chat widget): the edited form, its field errors, the last error, and whether the
 * shown copy is saved. After a save the form shows what the API stored.
 */
export function useSettingsForm<T, F extends object>(path: string, codec: SettingsCodec<T, F>) {
  const [form, setForm] = useState<F | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api<T>('GET', path)
      .then(({ body }) => setForm(codec.form(body)))
      .catch(setError);
    // the codec is a constant of its form: the document is read once per path
  }, [path]);
  const update = (patch: Partial<F>) => {
    setSaved(false);
    setForm((current) => current && { ...current, ...patch });
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (!form) return;
    setError(null);
    setErrors([]);
    try {
      setForm(codec.form((await api<T>('PUT', path, { body: codec.body(form) })).body));
      setSaved(true);
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fieldErrors);
      setError(caught);
    }
  };
  return { form, update, save, messages: { errors }, errors, error, saved };
}

const identity = { form: <T>(settings: T): T => settings, body: <T>(form: T): T => form };

/** A settings document whose form edits the document itself. */
export function useReplaceableSettings<T extends object>(path: string) {
  const { form, ...rest } = useSettingsForm<T, T>(path, identity);
  return { settings: form, ...rest };
}
