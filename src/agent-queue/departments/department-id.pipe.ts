import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { isUuid } from './department';

/** A malformed department id in the path names no department: 404, like an unknown one. */
@Injectable()
export class DepartmentIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw DomainError.notFound('Department');
    return value.toLowerCase();
  }
}
