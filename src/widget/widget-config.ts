import { type TaggedBody, taggedJson } from '../common/http/etag';
import type { EnabledTriggers } from '../trigger-cache/trigger-cache.service';
import { type Condition, isRule } from '../conditions';
import type { Action } from '../triggers/model/trigger.types';

/** What the widget may know of an action: never a service URL, timeout or fallback text. */
export function publicParams(action: Action): { sender: string; name?: string; msg?: string } {
  const { sender, name } = action.params;
  return {
    sender,
    ...(name !== undefined ? { name } : {}),
    ...(action.name === 'send-message' ? { msg: action.params.msg } : {}),
  };
}

/**
 * What the widget may know of a condition (DESIGN §11): targeting is the server's business,
 * so a rule shows only its name, except `time-on-page`, which the widget schedules by;
 * groups keep their shape; Rocket.Chat's conditions are shown whole.
 */
export function publicCondition(condition: Condition): Condition | { readonly name: string } {
  if (condition.name === 'group') return { ...condition, conditions: condition.conditions.map(publicCondition) as Condition[] };
  if (!isRule(condition)) return condition;
  return condition.name === 'time-on-page' ? { name: condition.name, op: condition.op, value: condition.value } : { name: condition.name };
}

/** The widget config of a snapshot, serialized once, with a strong ETag of its bytes. */
export function renderWidgetConfig(snapshot: EnabledTriggers): TaggedBody {
  const triggers = snapshot.triggers.map(({ trigger }) => ({
    id: trigger.id,
    priority: trigger.priority,
    match: trigger.match,
    runOnce: trigger.runOnce,
    conditions: trigger.conditions.map(publicCondition),
    actions: trigger.actions.map((action) => ({ name: action.name, params: publicParams(action) })),
  }));
  return taggedJson({ triggers });
}

/** The widget config of a snapshot, rendered once per snapshot. */
export function widgetConfigOf(snapshot: EnabledTriggers): TaggedBody {
  return snapshot.derive('widget-config', renderWidgetConfig);
}
