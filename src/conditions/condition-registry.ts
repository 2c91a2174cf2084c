import { CONDITION_NAMES, type ConditionName, type ConditionType } from './condition-type';
import { afterGuestRegistrationCondition, chatOpenedByVisitorCondition } from './edge-conditions';
import { pageUrlCondition } from './page-url.condition';
import { timeOnSiteCondition } from './time-on-site.condition';

const REGISTRY: Readonly<Record<ConditionName, ConditionType>> = {
  'page-url': pageUrlCondition,
  'time-on-site': timeOnSiteCondition,
  'chat-opened-by-visitor': chatOpenedByVisitorCondition,
  'after-guest-registration': afterGuestRegistrationCondition,
};

export function isConditionName(name: unknown): name is ConditionName {
  return typeof name === 'string' && (CONDITION_NAMES as readonly string[]).includes(name);
}

/** The one place that knows every condition type; validation and evaluation both go through it. */
export function conditionType(name: ConditionName): ConditionType {
  return REGISTRY[name];
}
