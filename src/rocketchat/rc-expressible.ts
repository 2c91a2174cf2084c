import type { TriggerRecord } from '../triggers/model/trigger.types';

/** Rocket.Chat's four conditions (`ILivechatTriggerCondition['name']`). */
export const RC_CONDITION_NAMES = ['page-url', 'time-on-site', 'chat-opened-by-visitor', 'after-guest-registration'] as const;

/**
 * Whether Rocket.Chat's trigger model can express this trigger, so that Rocket.Chat's own
 * widget, which decides in the browser, would fire it as we do (DESIGN §7.2): every
 * condition one of Rocket.Chat's four, and no `frequency`. The compatible `config` lists only
 * these, and of them only those inside their active span at the request (`rcConfigTriggers`);
 * the Part-two fields that Rocket.Chat cannot carry (templates next) join this predicate as
 * they land.
 */
export function expressibleInRocketChat(trigger: Pick<TriggerRecord, 'conditions' | 'frequency'>): boolean {
  // a frequency: its widget would fire the trigger on every page (DESIGN §14); an active span is checked at each request (§7.2)
  if (trigger.frequency) return false;
  return trigger.conditions.every((condition) => (RC_CONDITION_NAMES as readonly string[]).includes(condition.name));
}
