import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import type { VersionPrecondition } from '../common/http/if-match';
import { SendTestRequestDto } from '../external-service/dto/send-test.dto';
import { SendTestInput, SendTestService } from '../external-service/send-test.service';
import { TriggerInputDto } from '../triggers/dto/trigger-input.dto';
import { TriggersService } from '../triggers/triggers.service';
import type { RcSendTestDto } from './dto/rc-requests.dto';
import type { RcTriggerBodyDto } from './dto/rc-trigger-body.dto';
import { RcExternalAnswer, TEST_TRIGGER_ID, TEST_VISITOR_TOKEN, toRcExternalAnswer } from './rocketchat-external.mapper';
import { parseRcListQuery, type RcRawListQuery } from './rc-list-query';
import { echoedOffset, toNativeListParams } from './rocketchat-list.mapper';
import { fromRcTriggerBody, RcTrigger, toRcTrigger } from './rocketchat-trigger.mapper';
import { metadataOf } from './extra-data';
import { assertNativeRules } from './native-rules';

/** Without If-Match: a PATCH re-reads and retries when another write lands in between. */
const LAST_WRITE_WINS: VersionPrecondition = { kind: 'none' };
/** Rocket.Chat's Send Test passes `timeout || 1000`. */
const DEFAULT_TEST_TIMEOUT_MS = 1000;

export interface RcTriggerPage {
  readonly triggers: readonly RcTrigger[];
  readonly count: number;
  readonly offset: number;
  readonly total: number;
  readonly success: true;
}

const isMissing = (error: unknown): boolean => error instanceof DomainError && error.code === ErrorCode.NotFound;

/** A trigger id as Rocket.Chat clients may send it: anything that is not a uuid names no trigger. */
const triggerId = (id: string | null | undefined): string | undefined => (id && isUUID(id, 'all') ? id.toLowerCase() : undefined);

/** Rocket.Chat's trigger routes over the native trigger service and Send Test: mapping only. */
@Injectable()
export class RocketChatTriggersService {
  constructor(
    private readonly triggers: TriggersService,
    private readonly sendTests: SendTestService,
  ) {}

  /** The query string read as Rocket.Chat reads it, then paged by the native list. */
  async list(raw: RcRawListQuery): Promise<RcTriggerPage> {
    const parsed = parseRcListQuery(raw);
    if (!parsed.ok) throw DomainError.validation(parsed.errors);
    const mapped = toNativeListParams(parsed.query);
    if (!mapped.ok) throw DomainError.validation(mapped.errors);
    const page = await this.triggers.list(mapped.params);
    return { triggers: page.items.map(toRcTrigger), count: page.items.length, offset: echoedOffset(parsed.query.offset), total: page.total, success: true };
  }

  /** An unknown id is `null`, not an error (Rocket.Chat's `findOneById`). */
  async get(id: string): Promise<RcTrigger | null> {
    const known = triggerId(id);
    if (!known) return null;
    try {
      return toRcTrigger(await this.triggers.get(known));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /**
   * Create, or update when `_id` is given. An update is a native PATCH of the fields
   * Rocket.Chat knows, so `priority`, `match`, the active span and (without run-once) the
   * `frequency` keep their stored values; an unknown `_id` changes nothing and is no error
   * (Rocket.Chat's `updateOne` without upsert).
   */
  async save(body: RcTriggerBodyDto): Promise<void> {
    // Rocket.Chat knows no frequency: its run-once replaces one, and without run-once the stored one stays (DESIGN §7.2)
    const fields = { ...fromRcTriggerBody(body), ...(body.runOnce ? { frequency: null } : {}) };
    await assertNativeRules(TriggerInputDto, fields);
    if (!body._id) {
      await this.triggers.create(fields);
      return;
    }
    const id = triggerId(body._id);
    if (!id) return;
    try {
      await this.triggers.change(id, fields, LAST_WRITE_WINS);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  /** Deleting an unknown id succeeds (Rocket.Chat's `removeById`). */
  async remove(id: string): Promise<void> {
    const known = triggerId(id);
    if (!known) return;
    try {
      await this.triggers.remove(known, LAST_WRITE_WINS);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  /** Send Test with Rocket.Chat's names, its fixed visitor token and its envelope; the native bounds apply. */
  async sendTest(body: RcSendTestDto): Promise<RcExternalAnswer> {
    const input: SendTestInput = {
      serviceUrl: body.webhookUrl,
      serviceTimeout: body.timeout || DEFAULT_TEST_TIMEOUT_MS,
      serviceFallbackMessage: body.fallbackMessage,
      metadata: metadataOf(body.extraData),
    };
    await assertNativeRules(SendTestRequestDto, input, {
      serviceUrl: 'webhookUrl',
      serviceTimeout: 'timeout',
      serviceFallbackMessage: 'fallbackMessage',
      metadata: 'extraData',
    });
    const result = await this.sendTests.run(input, TEST_VISITOR_TOKEN);
    return toRcExternalAnswer(
      TEST_TRIGGER_ID,
      {
        messages: result.contents,
        statusCode: result.statusCode,
        error: result.error,
        facts: { reason: result.reason, statusCode: result.statusCode, timeoutMs: input.serviceTimeout },
      },
      body.fallbackMessage,
    );
  }
}
