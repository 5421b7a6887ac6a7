import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../../domain/shared/domain-error';
import { ID_PATTERN, ID_RULE } from '../../domain/shared/identifier';

/** Path ids: letters, digits and . _ : - only, so an id can never smuggle anything into a stream name or log. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
      throw new DomainError('INVALID_ID', `That id is not valid: use ${ID_RULE}.`, 'invalid');
    }
    return value;
  }
}
