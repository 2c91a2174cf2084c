/** The trigger form's state, its conversion to and from the API's shape (DESIGN §2, §11, §14), and the API's rules checked before sending. */
import {
  type ActionName,
  type ConditionName,
  FREQUENCY_LIMITS,
  type FrequencyPeriod,
  type MatchMode,
  type SenderType,
  TRIGGER_DEFAULTS,
  TRIGGER_LIMITS,
} from './api-constants';
import type { Action, FieldError, Frequency, Trigger, TriggerInput } from './api-types';
import { conditionBody, type ConditionForm, conditionForm, newCondition, validateConditions } from './condition-model';

export const ACTION_LABELS: Record<ActionName, string> = { 'send-message': 'Send message', 'use-external-service': 'Use external service' };

export interface ActionForm {
  name: ActionName;
  sender: SenderType;
  senderName: string;
  msg: string;
  serviceUrl: string;
  serviceTimeout: string;
  serviceFallbackMessage: string;
}

/**
 * How often a trigger may fire for one visitor: every time, once (`runOnce`), or by its
 * `frequency`. One choice, so a form never holds both run-once and a frequency (the API refuses that).
 */
export type HowOften = 'always' | 'once' | 'limited';

/** The frequency's inputs as typed; kept while another choice is picked, so switching back loses nothing. */
export interface FrequencyForm {
  max: string;
  per: FrequencyPeriod;
  /** Empty: no cooldown (0). */
  cooldownSeconds: string;
}

export const FREQUENCY_PER_LABELS: Record<FrequencyPeriod, string> = { visit: 'visit', day: 'UTC day', visitor: 'visitor' };

export interface TriggerForm {
  name: string;
  description: string;
  enabled: boolean;
  howOften: HowOften;
  frequency: FrequencyForm;
  priority: string;
  match: MatchMode;
  /** `<input type="datetime-local">` text in the browser's zone; empty: no bound (null). */
  activeFrom: string;
  activeUntil: string;
  conditions: ConditionForm[];
  actions: ActionForm[];
}

const L = TRIGGER_LIMITS;
const D = TRIGGER_DEFAULTS;

export const newAction = (): ActionForm => ({
  name: 'send-message',
  sender: D.sender,
  senderName: '',
  msg: '',
  serviceUrl: '',
  serviceTimeout: String(D.serviceTimeout),
  serviceFallbackMessage: D.serviceFallbackMessage,
});

const newFrequency = (): FrequencyForm => ({ max: '1', per: 'visit', cooldownSeconds: '0' });

export const emptyTrigger = (): TriggerForm => ({
  name: '',
  description: D.description,
  enabled: D.enabled,
  howOften: D.runOnce ? 'once' : 'always',
  frequency: newFrequency(),
  priority: String(D.priority),
  match: D.match,
  activeFrom: '',
  activeUntil: '',
  conditions: [newCondition()],
  actions: [newAction()],
});

const pad = (n: number): string => String(n).padStart(2, '0');

/** An instant as a datetime-local input shows it, in the browser's zone; seconds only when it has some, so saving unchanged keeps it. */
export function localFromInstant(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const minutes = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getSeconds() === 0 ? minutes : `${minutes}:${pad(d.getSeconds())}`;
}

/**
 * Datetime-local text as an instant in UTC (`…Z`): without an offset, `Date` reads it as the
 * browser's local time. Text that is no date is sent as typed, for the server to refuse at its path.
 */
export function instantFromLocal(text: string): string | null {
  if (text === '') return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

export function isEdgeCondition(name: ConditionName): boolean {
  return name === 'chat-opened-by-visitor' || name === 'after-guest-registration';
}

function actionForm(action: Action): ActionForm {
  const form: ActionForm = { ...newAction(), name: action.name, sender: action.params.sender, senderName: action.params.name ?? '' };
  if (action.name === 'send-message') return { ...form, msg: action.params.msg };
  const { serviceUrl, serviceTimeout, serviceFallbackMessage } = action.params;
  return { ...form, serviceUrl, serviceTimeout: String(serviceTimeout), serviceFallbackMessage };
}

/** "at most 2 times per UTC day, 60 s apart": a frequency in words, for the list and the form. */
export function frequencyText(frequency: Frequency): string {
  const times = frequency.max === 1 ? 'once' : `${frequency.max} times`;
  const apart = frequency.cooldownSeconds > 0 ? `, ${frequency.cooldownSeconds} s apart` : '';
  return `at most ${times} per ${FREQUENCY_PER_LABELS[frequency.per]}${apart}`;
}

function howOften(trigger: Trigger): HowOften {
  if (trigger.runOnce) return 'once';
  return trigger.frequency ? 'limited' : 'always';
}

export function formFromTrigger(trigger: Trigger): TriggerForm {
  const { frequency } = trigger;
  return {
    name: trigger.name,
    description: trigger.description,
    enabled: trigger.enabled,
    howOften: howOften(trigger),
    frequency: frequency ? { max: String(frequency.max), per: frequency.per, cooldownSeconds: String(frequency.cooldownSeconds) } : newFrequency(),
    priority: String(trigger.priority),
    match: trigger.match,
    activeFrom: localFromInstant(trigger.activeFrom),
    activeUntil: localFromInstant(trigger.activeUntil),
    conditions: trigger.conditions.map(conditionForm),
    actions: trigger.actions.map(actionForm),
  };
}

/** The frequency to send, or null; the form has been checked, so its numbers are whole numbers. */
function frequencyBody(form: TriggerForm): Frequency | null {
  if (form.howOften !== 'limited') return null;
  const { max, per, cooldownSeconds } = form.frequency;
  return { max: Number(max), per, cooldownSeconds: cooldownSeconds.trim() === '' ? 0 : Number(cooldownSeconds) };
}

/** The body to send; `validateTrigger` has checked the form first, so its numbers are whole numbers. */
export function bodyFromForm(form: TriggerForm): TriggerInput {
  return {
    name: form.name,
    description: form.description,
    enabled: form.enabled,
    runOnce: form.howOften === 'once',
    // always sent, like the bounds below: PUT resets an omitted frequency to null anyway
    frequency: frequencyBody(form),
    priority: Number(form.priority),
    match: form.match,
    // always sent: PUT resets an omitted bound to null anyway, and this says so
    activeFrom: instantFromLocal(form.activeFrom),
    activeUntil: instantFromLocal(form.activeUntil),
    conditions: form.conditions.map(conditionBody),
    actions: form.actions.map((a) => {
      const sender = a.sender === 'custom' ? { sender: a.sender, name: a.senderName } : { sender: a.sender };
      return a.name === 'send-message'
        ? { name: a.name, params: { ...sender, msg: a.msg } }
        : {
            name: a.name,
            params: { ...sender, serviceUrl: a.serviceUrl, serviceTimeout: Number(a.serviceTimeout), serviceFallbackMessage: a.serviceFallbackMessage },
          };
    }),
  };
}

function isInteger(text: string, min: number, max: number): boolean {
  if (!/^\s*\d+\s*$/.test(text)) return false;
  const value = Number(text);
  return value >= min && value <= max;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** The checks the API makes that need no server (the regex syntax is the server's: RE2). */
export function validateTrigger(form: TriggerForm): FieldError[] {
  const errors: FieldError[] = [];
  const check = (ok: boolean, path: string, message: string) => {
    if (!ok) errors.push({ path, message });
  };
  const name = form.name.trim();
  check(name.length >= 1 && name.length <= L.nameMaxLength, 'name', `name must be 1 to ${L.nameMaxLength} characters`);
  check(form.description.length <= L.descriptionMaxLength, 'description', `description must be at most ${L.descriptionMaxLength} characters`);
  check(isInteger(form.priority, L.priorityMin, L.priorityMax), 'priority', `priority must be a whole number from ${L.priorityMin} to ${L.priorityMax}`);
  if (form.howOften === 'limited') {
    const { max: M, cooldownSeconds: C } = FREQUENCY_LIMITS;
    const { max, cooldownSeconds } = form.frequency;
    check(isInteger(max, M.min, M.max), 'frequency.max', `must be a whole number from ${M.min} to ${M.max}`);
    check(
      cooldownSeconds.trim() === '' || isInteger(cooldownSeconds, C.min, C.max),
      'frequency.cooldownSeconds',
      `must be a whole number of seconds from ${C.min} to ${C.max}`,
    );
  }
  check(
    form.conditions.length >= L.conditionsMin && form.conditions.length <= L.conditionsMax,
    'conditions',
    `add ${L.conditionsMin} to ${L.conditionsMax} conditions`,
  );
  const from = instantFromLocal(form.activeFrom);
  const until = instantFromLocal(form.activeUntil);
  if (from !== null && until !== null && Date.parse(from) >= Date.parse(until)) errors.push({ path: 'activeUntil', message: 'must be after “Active from”' });
  validateConditions(form.conditions, 'conditions', errors);
  check(form.actions.length >= L.actionsMin && form.actions.length <= L.actionsMax, 'actions', `add ${L.actionsMin} to ${L.actionsMax} actions`);
  form.actions.forEach((a, i) => {
    const params = `actions[${i}].params`;
    if (a.sender === 'custom') {
      const senderName = a.senderName.trim();
      check(
        senderName.length >= 1 && senderName.length <= L.senderNameMaxLength,
        `${params}.name`,
        `a custom sender needs a name of 1 to ${L.senderNameMaxLength} characters`,
      );
    }
    if (a.name === 'send-message') {
      check(a.msg.length >= 1 && a.msg.length <= L.msgMaxLength, `${params}.msg`, `the message must be 1 to ${L.msgMaxLength} characters`);
    } else {
      check(
        a.serviceUrl.length <= L.serviceUrlMaxLength && isHttpUrl(a.serviceUrl),
        `${params}.serviceUrl`,
        `an absolute http(s) URL without user name or password, at most ${L.serviceUrlMaxLength} characters`,
      );
      check(
        isInteger(a.serviceTimeout, L.serviceTimeoutMin, L.serviceTimeoutMax),
        `${params}.serviceTimeout`,
        `the timeout must be ${L.serviceTimeoutMin} to ${L.serviceTimeoutMax} milliseconds`,
      );
      check(
        a.serviceFallbackMessage.length <= L.serviceFallbackMessageMaxLength,
        `${params}.serviceFallbackMessage`,
        `the fallback message must be at most ${L.serviceFallbackMessageMaxLength} characters`,
      );
    }
  });
  return errors;
}
