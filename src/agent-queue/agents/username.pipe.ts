import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { isValidUsername, USERNAME_RULE } from './agent';

/** A malformed username in the path is a 400 on every agent route (it is also the key an upsert creates). */
@Injectable()
export class UsernamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isValidUsername(value)) throw DomainError.validation([{ path: 'username', message: USERNAME_RULE }]);
    return value;
  }
}
