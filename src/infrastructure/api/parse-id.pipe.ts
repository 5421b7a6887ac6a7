import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../../domain/shared/domain-error';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Path ids: letters, digits and . _ : - only, so an id can never smuggle anything into a stream name or log. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !ID.test(value)) {
      throw new DomainError('INVALID_ID', 'That id is not valid: use letters, digits, ".", "_", ":" or "-" (at most 100 characters).', 'invalid');
    }
    return value;
  }
}
