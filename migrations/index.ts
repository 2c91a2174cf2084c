import { CreateSettings1795569996000 } from './1795569996000-CreateSettings';
import { CreateTriggers1795570100000 } from './1795570100000-CreateTriggers';
import { CreateAgentQueue1795570150000 } from './1795570150000-CreateAgentQueue';
import { CreateVisitorsAndFirings1795570200000 } from './1795570200000-CreateVisitorsAndFirings';
import { TriggerNameSearchIndex1795570300000 } from './1795570300000-TriggerNameSearchIndex';
import { RoutingPickFunction1795570360000 } from './1795570360000-RoutingPickFunction';
import { VisitorTargetingFacts1795570400000 } from './1795570400000-VisitorTargetingFacts';
import { SchedulesAndActiveDates1795570500000 } from './1795570500000-SchedulesAndActiveDates';
import { FrequencyBudgetSnooze1795570600000 } from './1795570600000-FrequencyBudgetSnooze';
import { ClaimLimitsFunction1795570610000 } from './1795570610000-ClaimLimitsFunction';

/** Every migration, in order. Listed by class so that tsc, SWC and Jest all load them alike. */
export const ALL_MIGRATIONS = [
  CreateSettings1795569996000,
  CreateTriggers1795570100000,
  CreateAgentQueue1795570150000,
  CreateVisitorsAndFirings1795570200000,
  TriggerNameSearchIndex1795570300000,
  RoutingPickFunction1795570360000,
  VisitorTargetingFacts1795570400000,
  SchedulesAndActiveDates1795570500000,
  FrequencyBudgetSnooze1795570600000,
  ClaimLimitsFunction1795570610000,
];
