import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { errorMessage, type Role } from './api';
import type { FieldError, TriggerWarning } from './api-types';

export interface Session {
  role: Role;
  readOnly: boolean;
  navigate: (path: string) => void;
}

export const SessionContext = createContext<Session>({ role: 'viewer', readOnly: true, navigate() {} });
export const useSession = (): Session => useContext(SessionContext);

export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** Moves focus to a path's input once the render that shows its error is done. */
export function focusField(path: string): void {
  setTimeout(() => document.getElementById(fieldId(path))?.focus(), 0);
}

export interface FieldMessages {
  errors?: FieldError[];
  warnings?: TriggerWarning[];
}

export interface InputProps {
  id: string;
  'data-path': string;
  'aria-invalid': boolean;
  'aria-describedby': string;
}

/** A labelled input with the API's errors and warnings for its path shown right under it. */
export function Field(props: { label: string; path: string; messages: FieldMessages; hint?: string; children: (input: InputProps) => ComponentChildren }) {
  const id = fieldId(props.path);
  const errors = (props.messages.errors ?? []).filter((e) => e.path === props.path);
  const warnings = (props.messages.warnings ?? []).filter((w) => w.path === props.path);
  return (
    <div class={`field${errors.length ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.children({ id, 'data-path': props.path, 'aria-invalid': errors.length > 0, 'aria-describedby': `${id}-msg` })}
      <div id={`${id}-msg`} class="field-msg">
        {props.hint && <span class="hint">{props.hint}</span>}
        {errors.map((e) => (
          <span class="error" data-error-for={props.path}>
            {e.message}
          </span>
        ))}
        {warnings.map((w) => (
          <span class="warning" data-warning-for={props.path}>
            ⚠ {w.message}
          </span>
        ))}
      </div>
    </div>
  );
}

/** The API's errors at exactly these paths (a group's own, a checkbox's), where no Field shows them. */
export function PathErrors(props: { paths: string[]; messages: FieldMessages }) {
  const errors = (props.messages.errors ?? []).filter((e) => props.paths.includes(e.path));
  if (errors.length === 0) return null;
  return (
    <div class="field-msg">
      {errors.map((e) => (
        <span class="error" data-error-for={e.path}>
          {e.message}
        </span>
      ))}
    </div>
  );
}

/** Every field error, with paths; those not next to a visible field are only here. */
export function ErrorSummary(props: { errors: FieldError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <p>Please fix {props.errors.length === 1 ? 'this field' : `these ${props.errors.length} fields`}:</p>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${fieldId(e.path)}`}>
              <code>{e.path || 'request'}</code>
            </a>{' '}
            {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorBox(props: { error: unknown }) {
  if (!props.error) return null;
  return (
    <p class="error-box" role="alert">
      {errorMessage(props.error)}
    </p>
  );
}

export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  const { navigate } = useSession();
  return (
    <a
      href={props.href}
      class={props.class}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString();
}

/** "Delete X? This cannot be undone." with Yes / Cancel, shown after a first click on Delete. */
export function ConfirmDelete(props: { name: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div class="confirm" role="alertdialog" aria-label={`Delete ${props.name}?`}>
      <p>
        Delete <strong>{props.name}</strong>? This cannot be undone.
      </p>
      <button type="button" class="danger" disabled={props.busy} onClick={props.onConfirm}>
        Yes, delete
      </button>
      <button type="button" onClick={props.onCancel} autoFocus>
        Cancel
      </button>
    </div>
  );
}

/**
 * The end of an editor form: the stale-version notice with "Save mine anyway", and (for
 * managers) the submit and Cancel buttons. `what` names the resource ("trigger", "schedule").
 */
export function EditorFooter(props: { what: string; creating: boolean; saving: boolean; stale: boolean; cancelHref: string; onOverwrite: () => void }) {
  const { readOnly } = useSession();
  return (
    <>
      {props.stale && (
        <p class="notice">
          Someone else saved this {props.what} after you opened it. Your edits are still here.{' '}
          <button type="button" onClick={props.onOverwrite}>
            Save mine anyway
          </button>
        </p>
      )}
      {!readOnly && (
        <div class="buttons">
          <button type="submit" class="primary" disabled={props.saving}>
            {props.saving ? 'Saving…' : props.creating ? `Create ${props.what}` : 'Save changes'}
          </button>
          <Link href={props.cancelHref} class="button">
            Cancel
          </Link>
        </div>
      )}
    </>
  );
}
