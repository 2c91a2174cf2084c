import type { MatchMode } from '../model/trigger.types';
import type { ActionDto } from './action.dto';
import type { Condition } from '../../conditions';
import type { FrequencyInput } from '../model/frequency';
import {
  ActionsField,
  ActiveSpanField,
  FrequencyField,
  ConditionsField,
  DescriptionField,
  FlagField,
  MatchField,
  NameField,
  PriorityField,
} from './trigger-fields';

const ENABLED = 'Disabled triggers never fire';
const RUN_ONCE = 'true: fires at most once per visitor, ever; false: fires again whenever its conditions hold on a new event';

/** A whole trigger, for create (POST) and replace (PUT): omitted optional fields take their defaults. */
export class TriggerInputDto {
  @NameField('full') name: string;
  @DescriptionField('full') description?: string;
  @FlagField('full', true, ENABLED) enabled?: boolean;
  @FlagField('full', false, RUN_ONCE) runOnce?: boolean;
  @PriorityField('full') priority?: number;
  @MatchField('full') match?: MatchMode;
  @ConditionsField('full') conditions: Condition[];
  @ActionsField('full') actions: ActionDto[];
  @ActiveSpanField('full', 'from') activeFrom?: string | null;
  @ActiveSpanField('full', 'until') activeUntil?: string | null;
  @FrequencyField('full') frequency?: FrequencyInput | null;
}

/** Any subset of a trigger's fields (PATCH): given fields replace the stored ones, arrays whole. */
export class TriggerPatchDto {
  @NameField('partial') name?: string;
  @DescriptionField('partial') description?: string;
  @FlagField('partial', true, ENABLED) enabled?: boolean;
  @FlagField('partial', false, RUN_ONCE) runOnce?: boolean;
  @PriorityField('partial') priority?: number;
  @MatchField('partial') match?: MatchMode;
  @ConditionsField('partial') conditions?: Condition[];
  @ActionsField('partial') actions?: ActionDto[];
  @ActiveSpanField('partial', 'from') activeFrom?: string | null;
  @ActiveSpanField('partial', 'until') activeUntil?: string | null;
  @FrequencyField('partial') frequency?: FrequencyInput | null;
}
