import { Module } from '@nestjs/common';
import { AccessRecorder } from '../../../application/records-access/access-recorder';
import { ListedRecordAccess } from '../../../application/records-access/listed-access';

/**
 * Records access: the FERPA access record (who read which student's record, when, why). Imported by every capability
 * whose routes read a record: `@RecordsAccess` binds RecordsAccessInterceptor, which needs the AccessRecorder.
 */
@Module({
  providers: [AccessRecorder, ListedRecordAccess],
  exports: [AccessRecorder, ListedRecordAccess],
})
export class RecordsAccessModule {}
