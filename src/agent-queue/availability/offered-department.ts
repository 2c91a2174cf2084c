/** A department the widget may offer (Rocket.Chat's `findEnabledWithAgents`): enabled, with members. */
export interface OfferedDepartment {
  readonly id: string;
  readonly name: string;
  readonly showOnRegistration: boolean;
}
