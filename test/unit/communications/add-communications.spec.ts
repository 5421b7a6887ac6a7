import { NOW, enrolled, given, registered, teacher } from '../domain/student-spec.helper';

const call = (over: Record<string, unknown> = {}) => ({
  type: 'LogCall' as const,
  data: {
    callId: 'c1',
    direction: 'outbound' as const,
    party: 'parent' as const,
    outcome: 'connected' as const,
    durationSeconds: null,
    notes: null,
    enrollmentId: 'e1',
    ...over,
  },
});
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('Add Communications (issue 16, item 8): back-dated calls and other kinds', () => {
  it('a call logged as it happens records what it always did (no medium, no occurredAt)', () => {
    given(registered(), enrolled())
      .when(call())
      .then([
        {
          type: 'CallLogged',
          data: {
            studentId: 's1',
            callId: 'c1',
            direction: 'outbound',
            party: 'parent',
            outcome: 'connected',
            durationSeconds: null,
            notes: null,
            enrollmentId: 'e1',
            authorId: 't-bell',
          },
        },
      ]);
  });

  it("a call back-dated 29 days keeps when it happened (UTC); the event's own time is when it was logged", () => {
    const at = daysAgo(29);
    given(registered(), enrolled())
      .when(call({ occurredAt: at.toISOString().replace('Z', '+00:00') }))
      .then([
        {
          type: 'CallLogged',
          data: {
            studentId: 's1',
            callId: 'c1',
            direction: 'outbound',
            party: 'parent',
            outcome: 'connected',
            durationSeconds: null,
            notes: null,
            enrollmentId: 'e1',
            authorId: 't-bell',
            occurredAt: at.toISOString(),
          },
        },
      ]);
  });

  it('refuses a time more than 30 days back, in the future, or without its UTC offset', () => {
    given(registered(), enrolled())
      .when(call({ occurredAt: daysAgo(31).toISOString() }))
      .thenError('OCCURRED_AT_TOO_OLD');
    given(registered(), enrolled())
      .when(call({ occurredAt: new Date(NOW.getTime() + 3_600_000).toISOString() }))
      .thenError('OCCURRED_AT_IN_FUTURE');
    given(registered(), enrolled())
      .when(call({ occurredAt: '2019-08-12 10:00' }))
      .thenError('INVALID_OCCURRED_AT');
  });

  it('an email and a meeting are recorded the same way, with their medium; an outcome of another kind is refused', () => {
    given(registered(), enrolled())
      .when(call({ medium: 'email', outcome: 'sent', occurredAt: daysAgo(2).toISOString() }))
      .then([
        {
          type: 'CallLogged',
          data: {
            studentId: 's1',
            callId: 'c1',
            direction: 'outbound',
            party: 'parent',
            outcome: 'sent',
            durationSeconds: null,
            notes: null,
            enrollmentId: 'e1',
            authorId: 't-bell',
            medium: 'email',
            occurredAt: daysAgo(2).toISOString(),
          },
        },
      ]);
    given(registered(), enrolled())
      .when(call({ medium: 'meeting', outcome: 'held' }))
      .then([
        {
          type: 'CallLogged',
          data: {
            studentId: 's1',
            callId: 'c1',
            direction: 'outbound',
            party: 'parent',
            outcome: 'held',
            durationSeconds: null,
            notes: null,
            enrollmentId: 'e1',
            authorId: 't-bell',
            medium: 'meeting',
          },
        },
      ]);
    given(registered(), enrolled())
      .when(call({ medium: 'meeting', outcome: 'busy' }))
      .thenError('OUTCOME_NOT_FOR_KIND');
    given(registered(), enrolled())
      .when(call({ outcome: 'sent' }))
      .thenError('OUTCOME_NOT_FOR_KIND');
  });

  it('a teacher who does not teach the student logs nothing, back-dated or not', () => {
    given(registered(), enrolled('e1', 't-other'))
      .when(call({ occurredAt: daysAgo(1).toISOString() }), teacher())
      .thenError('NOT_TEACHER_OF_STUDENT');
  });
});
