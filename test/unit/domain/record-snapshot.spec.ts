import type { DistrictSmsPolicy } from '../../../src/domain/district/district.events';
import { districtPolicyAsOf, recordSnapshot } from '../../../src/domain/records/record-snapshot';
import type { HistoricalEvent } from '../../../src/domain/records/record-snapshot.types';
import type { Actor } from '../../../src/domain/shared/actor';
import type { StudentEvent } from '../../../src/domain/student/student.events';
import { enrolled, policy, queued, registered, registrar, STUDENT, teacher } from './student-spec.helper';

/** Replay "as of": the record as the portal would have shown it at that moment. */
let revision = 0n;
const at = (
  iso: string,
  event: StudentEvent | { type: string; data: unknown },
  actor: Actor = teacher(),
): HistoricalEvent => ({
  ...event,
  revision: revision++,
  metadata: { actor, correlationId: 'c', causationId: 'c', command: 'x', occurredAt: iso },
});
const districtAt = (iso: string, p: DistrictSmsPolicy) => at(iso, { type: 'DistrictSmsPolicySet', data: p }, registrar);

const history = (): HistoricalEvent[] => {
  revision = 0n;
  return [
    at('2019-08-12T10:00:00.000Z', registered(), registrar),
    at('2019-08-12T10:05:00.000Z', enrolled()),
    at('2019-08-13T15:00:00.000Z', queued('m1')),
    at('2019-08-13T15:00:05.000Z', {
      type: 'SmsDelivered',
      data: { studentId: STUDENT, messageId: 'm1', providerMessageId: 'SM1' },
    }),
    at('2019-08-13T15:10:00.000Z', {
      type: 'SmsReceived',
      data: {
        studentId: STUDENT,
        messageId: 'm2',
        staffId: 't-bell',
        body: 'Yes!',
        channel: 'sms',
        providerMessageId: 'SM2',
      },
    }),
    at('2019-08-13T16:00:00.000Z', {
      type: 'NoteAdded',
      data: { studentId: STUDENT, noteId: 'n1', body: 'Mom says hi', authorId: 't-bell' },
    }),
    at('2019-08-14T09:00:00.000Z', {
      type: 'NoteAmended',
      data: { studentId: STUDENT, noteId: 'n1', body: 'Dad says hi', reason: 'It was dad' },
    }),
    at('2019-08-14T10:00:00.000Z', {
      type: 'SmsOptedOut',
      data: {
        studentId: STUDENT,
        removedNumber: '+12015550123',
        requestedBy: 'parent',
        note: 'Parent requested no texting, removed SMS number, 8/14/19 - A.Bell',
      },
    }),
    at(
      '2019-08-15T10:00:00.000Z',
      {
        type: 'ContactUpdated',
        data: { studentId: STUDENT, changes: { smsNumber: '+12015550188' }, previousSmsNumber: null, reason: 'Resume' },
      },
      registrar,
    ),
  ];
};

describe('recordSnapshot (replay as of a moment)', () => {
  const district = [
    districtAt('2019-08-01T00:00:00.000Z', policy()),
    districtAt('2019-08-15T12:00:00.000Z', policy({ smsAllowed: false })),
  ];

  it('shows the record as corrected by then, and as it was before the correction (the username is never in it)', () => {
    const events = [
      ...history(),
      at(
        '2019-08-16T10:00:00.000Z',
        {
          type: 'StudentRecordCorrected',
          data: {
            studentId: STUDENT,
            fields: ['lastName', 'username'],
            correctedValues: { lastName: 'Jonas', username: 'sjonas09' },
            reason: 'Birth certificate',
          },
        },
        registrar,
      ),
    ];
    const before = recordSnapshot(
      STUDENT,
      events,
      districtPolicyAsOf(district, new Date('2019-08-16T09:00:00Z')),
      new Date('2019-08-16T09:00:00Z'),
    );
    const after = recordSnapshot(
      STUDENT,
      events,
      districtPolicyAsOf(district, new Date('2019-08-16T11:00:00Z')),
      new Date('2019-08-16T11:00:00Z'),
    );
    expect([before.contact?.lastName, after.contact?.lastName]).toEqual(['Jones', 'Jonas']);
    expect(after.contact).not.toHaveProperty('username');
  });

  it('shows the thread with the text still queued a moment after it was sent', () => {
    const asOf = new Date('2019-08-13T15:00:01Z');
    const snap = recordSnapshot(STUDENT, history(), districtPolicyAsOf(district, asOf), asOf);
    expect(snap.threads).toEqual([
      {
        staffId: 't-bell',
        messages: [expect.objectContaining({ messageId: 'm1', status: 'queued', body: 'Hi Sarah' })],
      },
    ]);
    expect(snap.sms).toMatchObject({ enabled: true, reason: null });
    expect(snap.lastEvent).toEqual({ revision: '2', occurredAt: '2019-08-13T15:00:00.000Z' });
  });

  it('shows delivery, the reply, and the note as first written before its amendment', () => {
    const asOf = new Date('2019-08-13T23:59:59Z');
    const snap = recordSnapshot(STUDENT, history(), districtPolicyAsOf(district, asOf), asOf);
    expect(snap.threads[0]!.messages.map((m) => `${m.direction}:${m.status}`)).toEqual([
      'outbound:delivered',
      'inbound:received',
    ]);
    expect(snap.notes).toEqual([expect.objectContaining({ body: 'Mom says hi', amendments: [] })]);
  });

  it('shows consent withdrawn and SMS Enabled "no" after the opt-out, with the original note and its amendment', () => {
    const asOf = new Date('2019-08-14T12:00:00Z');
    const snap = recordSnapshot(STUDENT, history(), districtPolicyAsOf(district, asOf), asOf);
    expect(snap.consent).toEqual({
      optedOut: true,
      optOut: expect.objectContaining({
        requestedBy: 'parent',
        note: expect.stringMatching(/^Parent requested no texting/),
      }),
    });
    expect(snap.contact?.smsNumber).toBeNull();
    expect(snap.sms).toMatchObject({ enabled: false, reason: 'opted_out' });
    expect(snap.notes[0]).toMatchObject({
      body: 'Mom says hi',
      amendments: [{ body: 'Dad says hi', reason: 'It was dad', by: 'A.Bell' }],
    });
  });

  it('follows the district too: texting allowed again for the student, then turned off district-wide', () => {
    const before = new Date('2019-08-15T11:00:00Z');
    expect(recordSnapshot(STUDENT, history(), districtPolicyAsOf(district, before), before).sms).toMatchObject({
      enabled: true,
    });
    const after = new Date('2019-08-15T13:00:00Z');
    expect(recordSnapshot(STUDENT, history(), districtPolicyAsOf(district, after), after).sms).toMatchObject({
      enabled: false,
      reason: 'district_disabled',
    });
  });

  it('knows nothing before registration', () => {
    const asOf = new Date('2019-01-01T00:00:00Z');
    const snap = recordSnapshot(STUDENT, history(), districtPolicyAsOf(district, asOf), asOf);
    expect(snap).toMatchObject({ contact: null, lastEvent: null, threads: [], sms: { enabled: false } });
  });

  it('shows a reply in the thread it was in at the time: before a move in the first, after it in the second', () => {
    const moved = [
      ...history(),
      at(
        '2019-08-16T10:00:00.000Z',
        {
          type: 'InboundSmsMoved',
          data: { studentId: STUDENT, messageId: 'm2', fromStaffId: 't-bell', toStaffId: 't-ruiz', reason: null },
        },
        registrar,
      ),
    ];
    const ids = (asOf: Date) =>
      recordSnapshot(STUDENT, moved, null, asOf).threads.map((th) => [th.staffId, th.messages.map((m) => m.messageId)]);
    expect(ids(new Date('2019-08-16T09:00:00Z'))).toEqual([['t-bell', ['m1', 'm2']]]);
    expect(ids(new Date('2019-08-16T11:00:00Z'))).toEqual([
      ['t-bell', ['m1']],
      ['t-ruiz', ['m2']],
    ]);
  });

  it("moves a text's status as the domain does: forward only, back to queued by a retry, cancelled only while queued", () => {
    const system: Actor = { id: 'sms-dispatcher', role: 'system', districtId: 'd1' };
    const ev = (iso: string, type: string, data: Record<string, unknown>) =>
      at(iso, { type, data: { studentId: STUDENT, messageId: 'm3', ...data } }, system);
    const events = [
      ...history(),
      at('2019-08-16T08:00:00.000Z', queued('m3')),
      ev('2019-08-16T08:00:01.000Z', 'SmsFailed', { reason: 'Carrier hiccup', errorCode: '30003' }),
      ev('2019-08-16T08:00:02.000Z', 'SmsRetryScheduled', {
        attempt: 1,
        retryAt: '2019-08-16T08:05:00.000Z',
        errorCode: '30003',
        reason: 'Not delivered; trying again',
        outcome: 'not_accepted',
        supersededProviderMessageId: null,
      }),
      ev('2019-08-16T08:06:00.000Z', 'SmsDelivered', { providerMessageId: 'SM3' }),
      ev('2019-08-16T08:07:00.000Z', 'SmsSent', { providerMessageId: 'SM3' }),
      ev('2019-08-16T08:08:00.000Z', 'SmsCancelled', { scheduledFor: null }),
    ];
    const m3 = (iso: string) =>
      recordSnapshot(STUDENT, events, null, new Date(iso)).threads[0]!.messages.find((m) => m.messageId === 'm3');
    expect(m3('2019-08-16T08:00:01.500Z')).toMatchObject({
      status: 'failed',
      failureReason: 'Carrier hiccup',
      statusAt: '2019-08-16T08:00:01.000Z',
    });
    expect(m3('2019-08-16T08:00:03.000Z')).toMatchObject({
      status: 'queued',
      failureReason: 'Not delivered; trying again',
      statusAt: '2019-08-16T08:00:02.000Z',
    });
    // A late "sent" and a cancel after delivery change nothing.
    expect(m3('2019-08-16T09:00:00.000Z')).toMatchObject({ status: 'delivered', statusAt: '2019-08-16T08:06:00.000Z' });
  });

  it('says SMS Enabled "no" while the network\'s invalid-number flag is on the number on file, and "yes" once the school replaced it', () => {
    const flagged = [
      ...history(),
      at('2019-08-15T11:00:00.000Z', {
        type: 'SmsNumberFlaggedInvalid',
        data: { studentId: STUDENT, messageId: 'm1', number: '+12015550188', errorCode: '30006', reason: 'Landline' },
      }),
      at(
        '2019-08-15T11:30:00.000Z',
        {
          type: 'ContactUpdated',
          data: {
            studentId: STUDENT,
            changes: { smsNumber: '+12015550199' },
            previousSmsNumber: '+12015550188',
            reason: 'New phone',
          },
        },
        registrar,
      ),
    ];
    const snap = (iso: string) => recordSnapshot(STUDENT, flagged, policy(), new Date(iso));
    expect(snap('2019-08-15T11:10:00Z')).toMatchObject({
      numberFlaggedInvalid: true,
      sms: { enabled: false, reason: 'number_flagged_invalid' },
    });
    expect(snap('2019-08-15T11:40:00Z')).toMatchObject({
      numberFlaggedInvalid: false,
      sms: { enabled: true, reason: null },
    });
  });
});
