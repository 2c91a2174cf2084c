import type { EnabledTriggers } from '../trigger-cache/trigger-cache.service';
import { publicParams } from '../widget/widget-config';
import { type RcCondition, toRcConditionValue } from './rocketchat-trigger.mapper';

/** A trigger as Rocket.Chat's `/livechat/config` carries it: no name, description or enabled flag. */
export interface RcConfigTrigger {
  readonly _id: string;
  readonly actions: readonly { readonly name: string; readonly params: ReturnType<typeof publicParams> }[];
  readonly conditions: readonly RcCondition[];
  readonly runOnce: boolean;
}

export interface RcConfig {
  readonly config: { readonly enabled: true; readonly triggers: readonly RcConfigTrigger[] };
  readonly success: true;
}

/**
 * The `triggers` part of Rocket.Chat's widget config, from the same snapshot of enabled
 * triggers as the native widget config (in firing order), with the same public action
 * params: never a service URL, timeout or fallback text.
 */
export function renderRcConfig(snapshot: EnabledTriggers): RcConfig {
  const triggers = snapshot.triggers.map(({ trigger }) => ({
    _id: trigger.id,
    actions: trigger.actions.map((action) => ({ name: action.name, params: publicParams(action) })),
    conditions: trigger.conditions.map((condition) => ({ name: condition.name, value: toRcConditionValue(condition) })),
    runOnce: trigger.runOnce,
  }));
  return { config: { enabled: true, triggers }, success: true };
}
