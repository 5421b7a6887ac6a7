import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';

/** One column of a view's sort key: its type (how a cursor's text is read back) and direction. */
export interface AnalyticsKeyPart {
  column: string;
  type: 'date' | 'timestamptz' | 'text';
  desc?: boolean;
}
const WEEK_DESC: AnalyticsKeyPart = { column: 'week', type: 'date', desc: true };
const text = (column: string): AnalyticsKeyPart => ({ column, type: 'text' });

/** URL name -> SQL view, and the key its rows are ordered and paged by (unique within a district). */
export const ANALYTICS_VIEWS: Record<string, { view: string; key: readonly AnalyticsKeyPart[] }> = {
  'messages-per-week': { view: 'analytics_messages_per_week', key: [WEEK_DESC, text('course_id'), text('teacher_id')] },
  delivery: { view: 'analytics_delivery', key: [WEEK_DESC, text('teacher_id')] },
  'reply-rate': { view: 'analytics_reply_rate', key: [WEEK_DESC, text('course_id'), text('teacher_id')] },
  'opt-out-rate': { view: 'analytics_opt_out_rate', key: [WEEK_DESC] },
  'unwelcomed-students': {
    view: 'analytics_unwelcomed_students',
    key: [{ column: 'started_on', type: 'date' }, text('course_id'), text('enrollment_id')],
  },
  'uncontacted-falling-behind': {
    view: 'analytics_uncontacted_falling_behind',
    key: [{ column: 'behind_since', type: 'timestamptz' }, text('course_id'), text('enrollment_id')],
  },
};

export interface AnalyticsPage {
  rows: Record<string, unknown>[];
  /** The next page's cursor; null: this was the last page. */
  nextCursor: string | null;
}

export const ANALYTICS_PAGE = { default: 10_000, max: 10_000 } as const;

export class GetAnalyticsViewQuery extends Query<AnalyticsPage> {
  constructor(
    readonly actor: Actor,
    readonly view: string,
    readonly page: { limit: number; cursor?: string } = { limit: ANALYTICS_PAGE.default },
  ) {
    super();
  }
}
