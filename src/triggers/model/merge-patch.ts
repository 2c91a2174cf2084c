import type { TriggerDefinition, TriggerInput, TriggerPatch } from './trigger.types';

/**
 * The definition a PATCH asks for: the stored one with the given fields replaced. Arrays
 * (conditions, actions) are replaced whole, never merged item by item.
 */
export function mergePatch(current: TriggerDefinition, patch: TriggerPatch): TriggerInput {
  const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as TriggerPatch;
  return {
    name: current.name,
    description: current.description,
    enabled: current.enabled,
    runOnce: current.runOnce,
    priority: current.priority,
    match: current.match,
    conditions: current.conditions,
    actions: current.actions,
    activeFrom: current.activeFrom,
    activeUntil: current.activeUntil,
    frequency: current.frequency,
    ...given,
  };
}
