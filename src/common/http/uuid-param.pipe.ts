import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A uuid path id. A malformed one names nothing that could exist, so it is a 404 like an
 * unknown one (DESIGN §10), and never reaches the database (where it would be a cast error).
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (!UUID.test(value)) throw DomainError.notFound(this.what);
    return value.toLowerCase();
  }
}
