import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';

/** URL name -> SQL view, and the order rows come back in. Only these views are ever read. */
export const ANALYTICS_VIEWS = {
  'messages-per-week': { view: 'analytics_messages_per_week', orderBy: 'week DESC, course_id, teacher_id' },
  delivery: { view: 'analytics_delivery', orderBy: 'week DESC, teacher_id' },
  'reply-rate': { view: 'analytics_reply_rate', orderBy: 'week DESC, course_id, teacher_id' },
  'opt-out-rate': { view: 'analytics_opt_out_rate', orderBy: 'week DESC' },
  'unwelcomed-students': { view: 'analytics_unwelcomed_students', orderBy: 'started_on, course_id, enrollment_id' },
  'uncontacted-falling-behind': {
    view: 'analytics_uncontacted_falling_behind',
    orderBy: 'behind_since, course_id, enrollment_id',
  },
} as const;
export type AnalyticsViewName = keyof typeof ANALYTICS_VIEWS;

export class GetAnalyticsViewQuery extends Query<Record<string, unknown>[]> {
  constructor(
    readonly actor: Actor,
    readonly view: string,
  ) {
    super();
  }
}
