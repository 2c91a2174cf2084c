/** The trigger form's state, its conversion to and from the API's shape (DESIGN §2), and the API's rules checked before sending. */
import type { FieldError } from './api';

export const CONDITION_NAMES = ['page-url', 'time-on-site', 'chat-opened-by-visitor', 'after-guest-registration'] as const;
export type ConditionName = (typeof CONDITION_NAMES)[number];
export const CONDITION_LABELS: Record<ConditionName, string> = {
  'page-url': 'Page URL',
  'time-on-site': 'Time on site',
  'chat-opened-by-visitor': 'Chat opened by visitor',
  'after-guest-registration': 'After guest registration',
};

export type ActionName = 'send-message' | 'use-external-service';
export const ACTION_LABELS: Record<ActionName, string> = { 'send-message': 'Send message', 'use-external-service': 'Use external service' };

export interface ConditionForm {
  name: ConditionName;
  value: string;
}

export interface ActionForm {
  name: ActionName;
  sender: 'queue' | 'custom';
  senderName: string;
  msg: string;
  serviceUrl: string;
  serviceTimeout: string;
  serviceFallbackMessage: string;
}

export interface TriggerForm {
  name: string;
  description: string;
  enabled: boolean;
  runOnce: boolean;
  priority: string;
  match: 'all' | 'any';
  conditions: ConditionForm[];
  actions: ActionForm[];
}

/** A trigger as the API returns it. */
export interface Trigger {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  runOnce: boolean;
  priority: number;
  match: 'all' | 'any';
  conditions: { name: ConditionName; value: string | number | null }[];
  actions: { name: ActionName; params: Record<string, string | number | undefined> }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Warning {
  code: string;
  message: string;
  path?: string;
}

export const MAX_CONDITIONS = 10;
export const MAX_ACTIONS = 5;

export const newCondition = (): ConditionForm => ({ name: 'page-url', value: '' });
export const newAction = (): ActionForm => ({
  name: 'send-message',
  sender: 'queue',
  senderName: '',
  msg: '',
  serviceUrl: '',
  serviceTimeout: '5000',
  serviceFallbackMessage: '',
});

export const emptyTrigger = (): TriggerForm => ({
  name: '',
  description: '',
  enabled: true,
  runOnce: false,
  priority: '100',
  match: 'all',
  conditions: [newCondition()],
  actions: [newAction()],
});

export function isEdgeCondition(name: ConditionName): boolean {
  return name === 'chat-opened-by-visitor' || name === 'after-guest-registration';
}

export function formFromTrigger(trigger: Trigger): TriggerForm {
  return {
    name: trigger.name,
    description: trigger.description,
    enabled: trigger.enabled,
    runOnce: trigger.runOnce,
    priority: String(trigger.priority),
    match: trigger.match,
    conditions: trigger.conditions.map((c) => ({ name: c.name, value: c.value === null || c.value === undefined ? '' : String(c.value) })),
    actions: trigger.actions.map((a) => ({
      ...newAction(),
      name: a.name,
      sender: a.params.sender === 'custom' ? 'custom' : 'queue',
      senderName: String(a.params.name ?? ''),
      msg: String(a.params.msg ?? ''),
      serviceUrl: String(a.params.serviceUrl ?? ''),
      serviceTimeout: String(a.params.serviceTimeout ?? 5000),
      serviceFallbackMessage: String(a.params.serviceFallbackMessage ?? ''),
    })),
  };
}

/** A number when the text is one; otherwise the text, so the API names the problem. */
function numberOrText(text: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text;
}

export function bodyFromForm(form: TriggerForm): Record<string, unknown> {
  return {
    name: form.name,
    description: form.description,
    enabled: form.enabled,
    runOnce: form.runOnce,
    priority: numberOrText(form.priority),
    match: form.match,
    conditions: form.conditions.map((c) =>
      isEdgeCondition(c.name) ? { name: c.name, value: null } : { name: c.name, value: c.name === 'time-on-site' ? numberOrText(c.value) : c.value },
    ),
    actions: form.actions.map((a) => {
      const sender = a.sender === 'custom' ? { sender: 'custom', name: a.senderName } : { sender: 'queue' };
      return a.name === 'send-message'
        ? { name: a.name, params: { ...sender, msg: a.msg } }
        : {
            name: a.name,
            params: { ...sender, serviceUrl: a.serviceUrl, serviceTimeout: numberOrText(a.serviceTimeout), serviceFallbackMessage: a.serviceFallbackMessage },
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
  check(name.length >= 1 && name.length <= 200, 'name', 'name must be 1 to 200 characters');
  check(form.description.length <= 2000, 'description', 'description must be at most 2000 characters');
  check(isInteger(form.priority, 0, 1000), 'priority', 'priority must be a whole number from 0 to 1000');
  check(form.conditions.length >= 1 && form.conditions.length <= MAX_CONDITIONS, 'conditions', `add 1 to ${MAX_CONDITIONS} conditions`);
  form.conditions.forEach((c, i) => {
    const path = `conditions[${i}].value`;
    if (c.name === 'page-url') check(c.value.length >= 1 && c.value.length <= 512, path, 'the page URL pattern must be 1 to 512 characters');
    if (c.name === 'time-on-site') check(isInteger(c.value, 0, 86400), path, 'time on site must be whole seconds from 0 to 86400');
  });
  check(form.actions.length >= 1 && form.actions.length <= MAX_ACTIONS, 'actions', `add 1 to ${MAX_ACTIONS} actions`);
  form.actions.forEach((a, i) => {
    const params = `actions[${i}].params`;
    if (a.sender === 'custom') {
      const senderName = a.senderName.trim();
      check(senderName.length >= 1 && senderName.length <= 100, `${params}.name`, 'a custom sender needs a name of 1 to 100 characters');
    }
    if (a.name === 'send-message') check(a.msg.length >= 1 && a.msg.length <= 5000, `${params}.msg`, 'the message must be 1 to 5000 characters');
    else {
      check(
        a.serviceUrl.length <= 2048 && isHttpUrl(a.serviceUrl),
        `${params}.serviceUrl`,
        'an absolute http(s) URL without user name or password, at most 2048 characters',
      );
      check(isInteger(a.serviceTimeout, 100, 30000), `${params}.serviceTimeout`, 'the timeout must be 100 to 30000 milliseconds');
      check(a.serviceFallbackMessage.length <= 5000, `${params}.serviceFallbackMessage`, 'the fallback message must be at most 5000 characters');
    }
  });
  return errors;
}
