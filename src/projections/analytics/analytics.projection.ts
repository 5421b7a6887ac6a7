import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { Projection, SqlTx } from '../runner/projection';
import { writeAnalytics } from './analytics.writer';

/**
 * Facts for the analytics views, with no message bodies, names or numbers: who (pseudonymous ids) contacted which
 * student, how, when, for which course, and what became of it. The views in the analytics migration aggregate
 * these; the read-only analytics database role can select only the views. One pure fold (analytics.fold.ts) and one
 * set-based writer (analytics.writer.ts).
 */
export class AnalyticsProjection implements Projection {
  readonly name = 'analytics';
  readonly tables = ['analytics_contacts', 'analytics_enrollments'] as const;
  /** A reply's latest text, a call's enrollments (analytics.writer.ts). */
  readonly readIndexes = [
    'analytics_contacts (district_id, student_id, staff_id, kind, at)',
    'analytics_enrollments (district_id, student_id, teacher_id)',
  ];

  apply(tx: SqlTx, events: readonly RecordedEvent[]): Promise<void> {
    return writeAnalytics(tx, events);
  }
}
