import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import { expectedVersions, type VersionPrecondition } from '../common/http/if-match';
import type { Page } from '../common/pagination/page';
import { toListQuery, TriggerListParams } from './model/list-query';
import { mergePatch } from './model/merge-patch';
import { normalizeTrigger } from './model/normalize-trigger';
import { toTriggerView, toTriggerWriteView, TriggerView, TriggerWriteView } from './model/trigger-view';
import type { TriggerDefinition, TriggerInput, TriggerPatch, TriggerRecord, TriggerWarning } from './model/trigger.types';
import { ConditionalWrite, TriggersRepository } from './triggers.repository';

/** Trigger management: the rules of the model around the repository's atomic writes. */
@Injectable()
export class TriggersService {
  constructor(private readonly triggers: TriggersRepository) {}

  async list(params: TriggerListParams): Promise<Page<TriggerView>> {
    const query = toListQuery(params);
    const { records, total } = await this.triggers.findPage(query);
    return { items: records.map(toTriggerView), total, limit: query.limit, offset: query.offset };
  }

  async get(id: string): Promise<TriggerView> {
    return toTriggerView(await this.load(id));
  }

  async create(input: TriggerInput): Promise<TriggerWriteView> {
    const { definition, warnings } = normalized(input);
    return toTriggerWriteView(await this.triggers.create(definition), warnings);
  }

  /** PUT: the body is the whole trigger; omitted optional fields take their defaults. */
  async replace(id: string, input: TriggerInput, precondition: VersionPrecondition): Promise<TriggerWriteView> {
    const { definition, warnings } = normalized(input);
    const outcome = await this.triggers.updateIfVersion(id, definition, expectedVersions(precondition));
    return toTriggerWriteView(written(outcome, id), warnings);
  }

  /**
   * PATCH: the given fields over the stored trigger, checked as a whole. The trigger is read
   * under a row lock, so concurrent PATCHes apply one after the other and none is lost; with
   * If-Match, a version changed meanwhile answers 412 and nothing is written.
   */
  async change(id: string, patch: TriggerPatch, precondition: VersionPrecondition): Promise<TriggerWriteView> {
    let warnings: readonly TriggerWarning[] = [];
    const record = await this.triggers.updateLocked(
      id,
      (current) => {
        assertPrecondition(precondition, current.version, id);
        const result = normalized(mergePatch(current, patch));
        warnings = result.warnings;
        return result.definition;
      },
      // only new conditions can name a department that does not exist
      patch.conditions !== undefined,
    );
    if (!record) throw DomainError.notFound(`Trigger ${id}`);
    return toTriggerWriteView(record, warnings);
  }

  async remove(id: string, precondition: VersionPrecondition): Promise<void> {
    written(await this.triggers.deleteIfVersion(id, expectedVersions(precondition)), id);
  }

  private async load(id: string): Promise<TriggerRecord> {
    const record = await this.triggers.findById(id);
    if (!record) throw DomainError.notFound(`Trigger ${id}`);
    return record;
  }
}

function normalized(input: TriggerInput): { definition: TriggerDefinition; warnings: readonly TriggerWarning[] } {
  const result = normalizeTrigger(input);
  if (!result.ok) throw DomainError.validation(result.errors);
  return result;
}

function assertPrecondition(precondition: VersionPrecondition, currentVersion: number, id: string): void {
  if (precondition.kind === 'versions' && !precondition.versions.includes(currentVersion)) throw versionMismatch(id, currentVersion);
}

function versionMismatch(id: string, currentVersion: number): DomainError {
  return new DomainError(ErrorCode.VersionMismatch, `Trigger ${id} is at version ${currentVersion}, not the one If-Match names; read it again`);
}

function written<T>(outcome: ConditionalWrite<T>, id: string): T {
  if (outcome.status === 'missing') throw DomainError.notFound(`Trigger ${id}`);
  if (outcome.status === 'stale') throw versionMismatch(id, outcome.currentVersion);
  return outcome.value;
}
