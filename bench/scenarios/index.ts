import type { Scenario } from '../harness/scenario';
import { memoryScenario } from './memory';
import { rocketChatConfigScenario } from './rocketchat';
import { routingScenario } from './routing';
import { startupScenario } from './startup';
import { triggersListSaturatedScenario, triggersListScenario } from './triggers-list';
import {
  eventsMixAvailabilityScenario,
  eventsMixFrequencyScenario,
  eventsMixScenario,
  eventsMixSchedulesScenario,
  eventsMixTargetingScenario,
  eventsNoFireFrequencyScenario,
  eventsNoFireScenario,
  eventsNoFireSchedulesScenario,
  eventsNoFireTargetingScenario,
  widgetConfigNotModifiedScenario,
  widgetConfigScenario,
} from './widget';

/** Every scenario `npm run bench` runs, by name (later issues add theirs here). */
export const SCENARIOS: readonly Scenario[] = [
  widgetConfigScenario,
  widgetConfigNotModifiedScenario,
  eventsNoFireScenario,
  eventsNoFireTargetingScenario,
  eventsMixScenario,
  eventsMixTargetingScenario,
  eventsMixAvailabilityScenario,
  eventsNoFireSchedulesScenario,
  eventsMixSchedulesScenario,
  eventsNoFireFrequencyScenario,
  eventsMixFrequencyScenario,
  routingScenario,
  rocketChatConfigScenario,
  triggersListScenario,
  triggersListSaturatedScenario,
  memoryScenario,
  startupScenario,
];
