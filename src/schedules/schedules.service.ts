import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import { inUseError } from '../common/errors/in-use';
import { expectedVersions, type VersionPrecondition } from '../common/http/if-match';
import { type Page, pageRequest } from '../common/pagination/page';
import { CompiledSchedule } from './model/compiled-schedule';
import { parseHours } from './model/parse-hours';
import type { ScheduleStatus } from './model/schedule.types';
import { type ScheduleDefinition, type ScheduleRecord, type ScheduleView, toScheduleView } from './schedule';
import { type ScheduleListQuery, SchedulesRepository, type ScheduleWrite } from './schedules.repository';

/** A schedule as received (create, replace): `weekly` and `exceptions` default to `[]`; checked by {@link parseHours}. */
export interface ScheduleInput {
  readonly name: string;
  readonly timeZone: unknown;
  readonly weekly?: unknown;
  readonly exceptions?: unknown;
}

export type SchedulePatch = Partial<ScheduleInput>;

export interface ScheduleListParams {
  readonly limit?: number;
  readonly offset?: number;
  readonly sort?: string;
  readonly q?: string;
}

/** Schedule management (DESIGN §13): the rules of the model around the repository's atomic writes. */
@Injectable()
export class SchedulesService {
  constructor(private readonly schedules: SchedulesRepository) {}

  async list(params: ScheduleListParams): Promise<Page<ScheduleView>> {
    const sort = params.sort ?? 'name';
    const descending = sort.startsWith('-');
    const query: ScheduleListQuery = {
      ...pageRequest(params),
      sort: { field: (descending ? sort.slice(1) : sort) as ScheduleListQuery['sort']['field'], descending },
      nameContains: params.q ? params.q : undefined,
    };
    const { records, total } = await this.schedules.findPage(query);
    return { items: records.map(toScheduleView), total, limit: query.limit, offset: query.offset };
  }

  async get(id: string): Promise<ScheduleView> {
    return toScheduleView(await this.load(id));
  }

  /** Open or closed at `at` (default now) and when that next changes (DESIGN §13). */
  async status(id: string, at: Date = new Date()): Promise<{ open: boolean; nextChangeAt: string | null }> {
    const status: ScheduleStatus = CompiledSchedule.compile(await this.load(id)).status(at.getTime());
    return { open: status.open, nextChangeAt: status.nextChangeAt === null ? null : new Date(status.nextChangeAt).toISOString() };
  }

  async create(input: ScheduleInput): Promise<ScheduleView> {
    return toScheduleView(await this.schedules.create(normalized(input)));
  }

  /** PUT: the body is the whole schedule; omitted `weekly` and `exceptions` become `[]`. */
  async replace(id: string, input: ScheduleInput, precondition: VersionPrecondition): Promise<ScheduleView> {
    return toScheduleView(written(await this.schedules.updateIfVersion(id, normalized(input), expectedVersions(precondition)), id));
  }

  /** PATCH: the given fields over the stored schedule (arrays replaced whole), checked as a whole, under a row lock. */
  async change(id: string, patch: SchedulePatch, precondition: VersionPrecondition): Promise<ScheduleView> {
    const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as SchedulePatch;
    const record = await this.schedules.updateLocked(id, (current) => {
      if (precondition.kind === 'versions' && !precondition.versions.includes(current.version)) throw versionMismatch(id, current.version);
      return normalized({ name: current.name, timeZone: current.timeZone, weekly: current.weekly, exceptions: current.exceptions, ...given });
    });
    if (!record) throw DomainError.notFound(`Schedule ${id}`);
    return toScheduleView(record);
  }

  /** Refused while a trigger's `schedule` rule or a department names it (409 `schedule-in-use`). */
  async remove(id: string, precondition: VersionPrecondition): Promise<void> {
    const deletion = await this.schedules.deleteIfUnused(id, expectedVersions(precondition));
    switch (deletion.status) {
      case 'done':
        return;
      case 'missing':
        throw DomainError.notFound(`Schedule ${id}`);
      case 'stale':
        throw versionMismatch(id, deletion.currentVersion);
      case 'in-use':
        throw inUseError(
          ErrorCode.ScheduleInUse,
          'Triggers or departments still use this schedule (see usedBy): change them first, then delete it',
          deletion.usedBy,
        );
    }
  }

  private async load(id: string): Promise<ScheduleRecord> {
    const record = await this.schedules.findById(id);
    if (!record) throw DomainError.notFound(`Schedule ${id}`);
    return record;
  }
}

/** The stored definition: the trimmed name, the checked hours as sent (zone name exactly as sent, windows in their order). */
function normalized(input: ScheduleInput): ScheduleDefinition {
  const { hours, problems } = parseHours({ timeZone: input.timeZone, weekly: input.weekly ?? [], exceptions: input.exceptions ?? [] });
  if (!hours) throw DomainError.validation(problems);
  return {
    name: input.name.trim(),
    timeZone: hours.timeZone,
    weekly: hours.weekly,
    exceptions: hours.exceptions,
  };
}

function versionMismatch(id: string, currentVersion: number): DomainError {
  return new DomainError(ErrorCode.VersionMismatch, `Schedule ${id} is at version ${currentVersion}, not the one If-Match names; read it again`);
}

function written(outcome: ScheduleWrite, id: string): ScheduleRecord {
  if (outcome.status === 'missing') throw DomainError.notFound(`Schedule ${id}`);
  if (outcome.status === 'stale') throw versionMismatch(id, outcome.currentVersion);
  return outcome.record;
}
