import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { isVisitorToken } from '../visitors/model/visitor-token';

/** A visitor token in the path: 8..128 characters of `[A-Za-z0-9_-]`, else 400. */
export function parseVisitorToken(value: unknown): string {
  if (!isVisitorToken(value)) throw DomainError.validation([{ path: 'token', message: 'must be 8 to 128 characters of A-Z, a-z, 0-9, _ and -' }]);
  return value;
}

@Injectable()
export class VisitorTokenPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    return parseVisitorToken(value);
  }
}
