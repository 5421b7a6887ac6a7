import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { Projection, SqlTx } from '../runner/projection';
import { writeRoster } from './roster.writer';

/**
 * Current enrollments (with SMS Enabled and last contact), the student directory and district policies: one pure fold
 * (roster.fold.ts) and one set-based writer (roster.writer.ts), whatever the batch size.
 */
export class RosterProjection implements Projection {
  readonly name = 'roster';
  readonly tables = ['current_enrollments', 'student_directory', 'district_policies'] as const;
  /** A batch loads every current enrollment of the students it names. */
  readonly readIndexes = ['current_enrollments (district_id, student_id)'];

  apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    return writeRoster(tx, events);
  }
}
