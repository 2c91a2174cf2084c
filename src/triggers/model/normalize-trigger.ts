import { parseConditions } from '../../conditions';
import type { FieldError } from '../../common/errors/domain-error';
import { normalizeFrequency } from './frequency';
import { TRIGGER_DEFAULTS } from './trigger-limits';
import type { Action, ActionInput, ActionParamsInput, SenderParams, TriggerDefinition, TriggerInput, TriggerWarning } from './trigger.types';

export type NormalizedTrigger =
  | { readonly ok: true; readonly definition: TriggerDefinition; readonly warnings: readonly TriggerWarning[] }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Turns a received definition (already shape-checked) into the stored one: trims the name,
 * applies every default, checks and normalizes the conditions (parseConditions: a numeric
 * time-on-site string becomes a number, an edge condition's value becomes `null`),
 * drops a `queue` sender's name, and collects the warnings of the whole trigger.
 *
 * It runs on the merged result of a PATCH too, so the trigger is checked as a whole
 * before it is saved, whichever fields the request touched.
 */
export function normalizeTrigger(input: TriggerInput): NormalizedTrigger {
  const { conditions, problems, warnings } = parseConditions(input.conditions);
  const activeFrom = instantOrNull(input.activeFrom);
  const activeUntil = instantOrNull(input.activeUntil);
  const spanProblems =
    activeFrom && activeUntil && activeFrom.getTime() >= activeUntil.getTime()
      ? [{ path: 'activeUntil', message: 'activeUntil must be after activeFrom' }]
      : [];
  const runOnce = input.runOnce ?? TRIGGER_DEFAULTS.runOnce;
  const frequency = normalizeFrequency(input.frequency);
  // runOnce is {max: 1, per: "visitor"}: two answers to one question (DESIGN §14)
  const limitProblems =
    runOnce && frequency ? [{ path: 'frequency', message: 'a run-once trigger cannot have a frequency: set runOnce false, or frequency null' }] : [];
  const refused = [...spanProblems, ...limitProblems];
  if (!conditions || refused.length > 0) return { ok: false, errors: [...problems, ...refused] };
  const definition: TriggerDefinition = {
    name: input.name.trim(),
    description: input.description ?? TRIGGER_DEFAULTS.description,
    enabled: input.enabled ?? TRIGGER_DEFAULTS.enabled,
    runOnce,
    priority: input.priority ?? TRIGGER_DEFAULTS.priority,
    match: input.match ?? TRIGGER_DEFAULTS.match,
    conditions,
    actions: input.actions.map(normalizeAction),
    activeFrom,
    activeUntil,
    frequency,
  };
  return { ok: true, definition, warnings };
}

/** An instant as received (checked text) or as stored (a PATCH merges the stored one); omitted means none. */
function instantOrNull(value: string | Date | null | undefined): Date | null {
  if (value === undefined || value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

function normalizeAction(action: ActionInput): Action {
  const { params } = action;
  if (action.name === 'send-message') {
    return { name: 'send-message', params: { ...normalizeSender(params), msg: params.msg ?? '' } };
  }
  return {
    name: 'use-external-service',
    params: {
      ...normalizeSender(params),
      serviceUrl: params.serviceUrl ?? '',
      serviceTimeout: params.serviceTimeout ?? TRIGGER_DEFAULTS.serviceTimeout,
      serviceFallbackMessage: params.serviceFallbackMessage ?? TRIGGER_DEFAULTS.serviceFallbackMessage,
    },
  };
}

/** `queue` (the default) impersonates the next agent, so a name given with it means nothing and is dropped. */
function normalizeSender(params: ActionParamsInput): SenderParams {
  const sender = params.sender ?? TRIGGER_DEFAULTS.sender;
  if (sender === 'queue') return { sender };
  return { sender, name: (params.name ?? '').trim() };
}
