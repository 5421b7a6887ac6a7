import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { DirectoryMatch, StudentDirectory } from '../../application/ports/student-directory.port';
import { StudentDirectoryRow } from '../roster/roster.entities';
import { READ_MODEL_DATA_SOURCE } from '../runner/read-model-data-source';

/** The roster read model answers "whose number is this?" for texts that arrive from the phone network. */
@Injectable()
export class StudentDirectoryAdapter implements StudentDirectory {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async findBySmsNumber(e164: string): Promise<DirectoryMatch[]> {
    const rows = await this.db.getRepository(StudentDirectoryRow).find({ where: { smsNumber: e164 }, select: { studentId: true, districtId: true, lastOutboundAt: true } });
    return rows.map((r) => ({ studentId: r.studentId, districtId: r.districtId, lastOutboundAt: r.lastOutboundAt }));
  }
}
