import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { DirectoryMatch, StudentDirectory } from '../../application/ports/student-directory.port';
import { StudentDirectoryRow } from './roster.entities';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';

/** The roster read model answers "whose number is this?" for texts that arrive from the phone network. */
@Injectable()
export class StudentDirectoryAdapter implements StudentDirectory {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  /**
   * The number on file first; failing that, the number an opt-out removed, so a START (or Twilio retrying a STOP)
   * from it is recorded on the student instead of in the unmatched inbox.
   */
  async findBySmsNumber(e164: string): Promise<DirectoryMatch[]> {
    const select = { studentId: true, districtId: true, lastOutboundAt: true } as const;
    const repo = this.db.getRepository(StudentDirectoryRow);
    let rows = await repo.find({ where: { smsNumber: e164 }, select });
    if (rows.length === 0) rows = await repo.find({ where: { optedOutNumber: e164 }, select });
    return rows.map((r) => ({ studentId: r.studentId, districtId: r.districtId, lastOutboundAt: r.lastOutboundAt }));
  }
}
