import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ChangeFeed } from '../../database/change-feed';
import { LiveValue } from '../../database/live-value';
import { isUuid } from '../departments/department';
import type { DepartmentHours } from '../shared/department-hours';
import { RoutingSettingsService } from '../routing/routing-settings.service';
import { RoutingRepository } from '../routing/routing.repository';
import { AvailabilityRepository } from './availability.repository';
import type { OfferedDepartment } from './offered-department';
import { Roster } from './roster';

/** After a change, the roster reloads by itself this soon (the stream pushes from the reload). */
const RELOAD_AFTER_MS = 50;
/** setTimeout's longest delay; a schedule boundary further away is waited for in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Whether anybody can take a chat (DESIGN §4, §12): one count for the `agents-available`
 * rule, the availability route and stream, and Rocket.Chat's `online`. The roster is held in
 * memory and reloaded after every agent, membership, department or routing-settings change,
 * on this instance at once and on the others through the change feed; a reader after a
 * change waits for the reload, so an instance reads its own writes. Department schedules
 * change availability without any write: a timer to the next opening or closing of any of
 * them tells the listeners again at that moment (DESIGN §13: pushed within 2 s).
 */
@Injectable()
export class AgentAvailability implements OnModuleInit, OnApplicationShutdown, DepartmentHours {
  private readonly roster = new LiveValue(() => this.load(), { name: 'AgentAvailability', reloadAfterMs: RELOAD_AFTER_MS });
  private readonly listeners: ((roster: Roster) => void)[] = [];
  private boundary?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly availability: AvailabilityRepository,
    private readonly routing: RoutingRepository,
    private readonly settings: RoutingSettingsService,
    private readonly changes: ChangeFeed,
  ) {}

  onModuleInit(): void {
    this.changes.subscribe('agent_changes', () => this.roster.invalidate());
    this.changes.onResync(() => this.roster.invalidate());
    this.roster.onLoaded((roster) => {
      this.armBoundary(roster);
      for (const listener of this.listeners) listener(roster);
    });
  }

  onApplicationShutdown(): void {
    clearTimeout(this.boundary);
    this.boundary = undefined;
    this.roster.stop();
  }

  /** The roster if it is fresh, without waiting. */
  held(): Roster | undefined {
    return this.roster.held();
  }

  /** The fresh roster. */
  current(): Promise<Roster> {
    return this.roster.current();
  }

  /** Called with every reloaded roster, and again when a department's schedule opens or closes. */
  onChange(listener: (roster: Roster) => void): void {
    this.listeners.push(listener);
  }

  /** How many agents are available now, in `departmentId` when given (an id we do not know: none). */
  async count(departmentId?: string): Promise<number> {
    return (await this.current()).count(departmentId);
  }

  /** Whether the department's schedule, if it follows one, is open at `atMs` (default now). */
  async isOpen(departmentId: string, atMs: number = Date.now()): Promise<boolean> {
    return (await this.current()).isOpen(departmentId, atMs);
  }

  /** The first enabled department shown on registration that has an available agent (by name, case-insensitively; ties by id). */
  async firstRegistrationDepartment(): Promise<string | undefined> {
    return (await this.current()).firstRegistrationDepartment();
  }

  /** Whether `id` names a department (of any state). */
  async departmentExists(id: string): Promise<boolean> {
    return isUuid(id) && this.routing.departmentExists(id.toLowerCase());
  }

  /** The departments a widget may offer: enabled, with members. */
  async offeredDepartments(): Promise<OfferedDepartment[]> {
    return (await this.current()).offeredDepartments();
  }

  /** A timer to the roster's next schedule boundary (one per instance; a new roster replaces it). */
  private armBoundary(roster: Roster): void {
    clearTimeout(this.boundary);
    this.boundary = undefined;
    const now = Date.now();
    const next = roster.nextScheduleChange(now);
    if (next === null) return;
    this.boundary = setTimeout(
      () => {
        // a reload since then armed its own timer
        if (this.roster.held() !== roster) return;
        if (Date.now() >= next) for (const listener of this.listeners) listener(roster);
        this.armBoundary(roster);
      },
      Math.min(Math.max(0, next - now), LONGEST_TIMER_MS),
    );
    this.boundary.unref();
  }

  private async load(): Promise<Roster> {
    const [agents, departments, settings] = await Promise.all([this.availability.agents(), this.availability.departments(), this.settings.read()]);
    return new Roster(agents, departments, settings);
  }
}
