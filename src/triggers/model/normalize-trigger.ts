import { conditionType, isConditionName } from '../../conditions';
import type { FieldError } from '../../common/errors/domain-error';
import { TRIGGER_DEFAULTS } from './trigger-limits';
import type {
  Action,
  ActionInput,
  ActionParamsInput,
  Condition,
  ConditionInput,
  SenderParams,
  TriggerDefinition,
  TriggerInput,
  TriggerWarning,
} from './trigger.types';

export type NormalizedTrigger =
  | { readonly ok: true; readonly definition: TriggerDefinition; readonly warnings: readonly TriggerWarning[] }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Turns a received definition (already shape-checked) into the stored one: trims the name,
 * applies every default, normalizes condition values through the condition registry (a
 * numeric time-on-site string becomes a number, an edge condition's value becomes `null`),
 * drops a `queue` sender's name, and collects the warnings of the whole trigger.
 *
 * It runs on the merged result of a PATCH too, so the trigger is checked as a whole
 * before it is saved, whichever fields the request touched.
 */
export function normalizeTrigger(input: TriggerInput): NormalizedTrigger {
  const errors: FieldError[] = [];
  const warnings: TriggerWarning[] = [];
  const conditions = input.conditions.map((condition, index) => normalizeCondition(condition, `conditions[${index}]`, errors, warnings));
  if (errors.length > 0) return { ok: false, errors };
  const definition: TriggerDefinition = {
    name: input.name.trim(),
    description: input.description ?? TRIGGER_DEFAULTS.description,
    enabled: input.enabled ?? TRIGGER_DEFAULTS.enabled,
    runOnce: input.runOnce ?? TRIGGER_DEFAULTS.runOnce,
    priority: input.priority ?? TRIGGER_DEFAULTS.priority,
    match: input.match ?? TRIGGER_DEFAULTS.match,
    conditions: conditions as Condition[],
    actions: input.actions.map(normalizeAction),
  };
  return { ok: true, definition, warnings };
}

function normalizeCondition(condition: ConditionInput, path: string, errors: FieldError[], warnings: TriggerWarning[]): Condition | undefined {
  if (!isConditionName(condition.name)) {
    errors.push({ path: `${path}.name`, message: `must be one of a known condition type, not "${String(condition.name)}"` });
    return undefined;
  }
  const check = conditionType(condition.name).parseValue(condition.value);
  if (!check.ok) {
    errors.push({ path: `${path}.value`, message: check.message });
    return undefined;
  }
  for (const warning of check.warnings ?? []) warnings.push({ ...warning, path: `${path}.value` });
  return { name: condition.name, value: check.value } as Condition;
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
