import type { ScheduleTimeline } from '../../evaluation';
import type { AgentStatus } from '../agents/agent';
import type { OfferedDepartment } from './offered-department';

/** An agent that accepts chats and is not offline: the only ones a count can include. */
export interface RosterAgent {
  readonly status: Exclude<AgentStatus, 'offline'>;
  /** Lower-case department ids. */
  readonly departmentIds: readonly string[];
}

export interface RosterDepartment {
  /** Lower case. */
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly showOnRegistration: boolean;
  readonly hasMembers: boolean;
  /** The schedule it follows (DESIGN §13): while closed, nobody is available in it. */
  readonly schedule?: ScheduleTimeline;
}

/** What the routing settings say about availability. */
export interface RosterSettings {
  readonly includeAwayAgents: boolean;
  readonly hideWhenOffline: boolean;
}

/** `GET /v1/widget/availability` and the stream's `availability` event (DESIGN §12). */
export interface AvailabilityBody {
  readonly online: boolean;
  readonly hideWhenOffline: boolean;
  readonly departments: readonly { readonly id: string; readonly name: string; readonly online: boolean }[];
}

/** Departments by name, case-insensitively, ties by id (as the department list sorts). */
function byName(a: RosterDepartment, b: RosterDepartment): number {
  const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
  if (x !== y) return x < y ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Who may take a chat, in memory (DESIGN §4's "available agent": accepts chats, online, or
 * away when `includeAwayAgents` is set; for a department, a member while the department is
 * enabled and its schedule, if any, is open). Counted once when built, so the
 * `agents-available` rule, the availability route and Rocket.Chat's `online` read a number,
 * never the database; only a department's schedule is read at the moment asked (§13).
 * Counts without a department ignore department schedules.
 */
export class Roster {
  private readonly total: number;
  private readonly byDepartment = new Map<string, number>();
  private readonly schedules = new Map<string, ScheduleTimeline>();
  /** Every department, by name. */
  private readonly departments: readonly RosterDepartment[];

  constructor(
    agents: readonly RosterAgent[],
    departments: readonly RosterDepartment[],
    readonly settings: RosterSettings,
  ) {
    this.departments = [...departments].sort(byName);
    const counted = agents.filter((agent) => agent.status === 'online' || settings.includeAwayAgents);
    this.total = counted.length;
    const enabled = new Set(this.departments.filter((d) => d.enabled).map((d) => d.id));
    for (const agent of counted) {
      for (const id of agent.departmentIds) if (enabled.has(id)) this.byDepartment.set(id, (this.byDepartment.get(id) ?? 0) + 1);
    }
    for (const department of this.departments) if (department.schedule) this.schedules.set(department.id, department.schedule);
  }

  /**
   * Available agents at `atMs` (default now), in the department when given (unknown,
   * disabled, or its schedule closed then: none), else in all.
   */
  count(departmentId?: string, atMs: number = Date.now()): number {
    if (departmentId === undefined) return this.total;
    const id = departmentId.toLowerCase();
    return this.isOpen(id, atMs) ? (this.byDepartment.get(id) ?? 0) : 0;
  }

  /** Whether the department's schedule (if it has one) is open at `atMs`. */
  isOpen(departmentId: string, atMs: number = Date.now()): boolean {
    return this.schedules.get(departmentId.toLowerCase())?.isOpen(atMs) ?? true;
  }

  /** The first moment after `atMs` at which a department's schedule opens or closes; null when none ever does. */
  nextScheduleChange(atMs: number): number | null {
    let next: number | null = null;
    for (const schedule of this.schedules.values()) {
      const change = schedule.nextChangeAfter(atMs);
      if (change !== null && (next === null || change < next)) next = change;
    }
    return next;
  }

  /** What the widget hears at `atMs` (default now): anybody online, and each enabled department, by name. */
  availability(atMs: number = Date.now()): AvailabilityBody {
    return {
      online: this.total > 0,
      hideWhenOffline: this.settings.hideWhenOffline,
      departments: this.departments.filter((d) => d.enabled).map((d) => ({ id: d.id, name: d.name, online: this.count(d.id, atMs) > 0 })),
    };
  }

  /** The departments a widget may offer (Rocket.Chat's `findEnabledWithAgents`): enabled, with members, by name. */
  offeredDepartments(): OfferedDepartment[] {
    return this.departments.filter((d) => d.enabled && d.hasMembers).map((d) => ({ id: d.id, name: d.name, showOnRegistration: d.showOnRegistration }));
  }

  /** The first enabled department shown on registration that has an available agent, by name. */
  firstRegistrationDepartment(): string | undefined {
    return this.departments.find((d) => d.enabled && d.showOnRegistration && this.count(d.id) > 0)?.id;
  }
}
