import { decideStudent } from '../../../src/domain/student/student.decide';
import type { StudentEvent } from '../../../src/domain/student/student.events';
import { foldStudent } from '../../../src/domain/student/student.state';
import { enrolled, given, policy, queued, registered, STUDENT, system } from './student-spec.helper';

const OUR_NUMBER = '+12015550100';
const text = (body: string, over: Partial<{ messageId: string; keywordRepliesBy: 'service' | 'provider' }> = {}) => ({
  type: 'RecordInboundSms' as const,
  data: {
    messageId: over.messageId ?? 'in1',
    body,
    channel: 'sms' as const,
    providerMessageId: `SM-${over.messageId ?? 'in1'}`,
    staffId: null,
    receivedOn: OUR_NUMBER,
    ...over,
  },
});
const district = policy({ keywordReplies: { schoolName: 'Lakeside Virtual', helpPhone: '(555) 010-0200' } });
const repliesOf = (events: StudentEvent[]) => events.filter((e) => e.type === 'KeywordReplyQueued');

describe('keyword replies: one answer each, in the record, from the number the student texted', () => {
  it('STOP gets one confirmation, to the number that texted STOP, in the thread it arrived in', () => {
    const [reply] = repliesOf(given(registered(), enrolled(), queued()).when(text('STOP'), system, district).events());
    expect(reply).toEqual({
      type: 'KeywordReplyQueued',
      data: {
        studentId: STUDENT,
        messageId: 'in1-reply',
        inReplyTo: 'in1',
        kind: 'stop',
        to: '+12015550123',
        from: OUR_NUMBER,
        staffId: 't-bell',
        day: '2019-08-13',
        body: 'Lakeside Virtual: you are unsubscribed and will get no more texts from us. To get texts again, ask the school to put your number back, then reply START.',
      },
    });
  });

  it("HELP gets the district's help text: school, phone, rates, how to stop", () => {
    const [reply] = repliesOf(given(registered(), enrolled(), queued()).when(text('HELP'), system, district).events());
    expect(reply!.data).toMatchObject({
      kind: 'help',
      body: 'Lakeside Virtual student texting. For help call (555) 010-0200. Msg & data rates may apply. Reply STOP to stop texts.',
    });
  });

  it('START that restores consent gets one confirmation; the district can word it', () => {
    const worded = policy({
      keywordReplies: { schoolName: 'Lakeside', helpPhone: null, start: '{school}: welcome back!' },
    });
    const [reply] = repliesOf(given(registered(), enrolled(), queued()).when(text('START'), system, worded).events());
    expect(reply!.data).toMatchObject({ kind: 'start', to: '+12015550123', body: 'Lakeside: welcome back!' });
  });

  it('with the provider answering keywords (Twilio Advanced Opt-Out), records the keyword and queues no answer', () => {
    for (const word of ['STOP', 'HELP', 'START']) {
      const events = given(registered(), enrolled(), queued())
        .when(text(word, { keywordRepliesBy: 'provider' }), system, district)
        .events();
      expect(repliesOf(events)).toEqual([]);
      expect(events.length).toBeGreaterThan(1);
    }
  });

  it('an ordinary reply in a thread gets no answer', () => {
    expect(
      repliesOf(given(registered(), enrolled(), queued()).when(text('Ok thanks'), system, district).events()),
    ).toEqual([]);
  });
});

describe('the no-thread answer: at most once a day per number', () => {
  const first = given(registered(), enrolled()).when(text('hello?'), system, district).events();

  it('a student nobody has texted yet is kept unrouted and told they can reply once their teacher texts them', () => {
    expect(first.map((e) => e.type)).toEqual(['InboundSmsUnrouted', 'KeywordReplyQueued']);
    expect(first[1]!.data).toMatchObject({
      kind: 'no_thread',
      staffId: null,
      day: '2019-08-13',
      body: expect.stringContaining('You can reply once your teacher has texted you'),
    });
  });

  it('a second text the same day gets none; the next day one again', () => {
    const history = [registered(), enrolled(), ...first];
    expect(
      repliesOf(
        given(...history)
          .when(text('anyone?', { messageId: 'in2' }), system, district)
          .events(),
      ),
    ).toEqual([]);
    const nextDay = decideStudent(text('hi', { messageId: 'in3' }), foldStudent(history), {
      actor: system,
      now: new Date('2019-08-14T15:00:00Z'),
      district,
    });
    expect(repliesOf(nextDay)).toHaveLength(1);
  });

  it('not when the district has texting off', () => {
    expect(
      repliesOf(
        given(registered(), enrolled())
          .when(text('hello?'), system, policy({ smsAllowed: false }))
          .events(),
      ),
    ).toEqual([]);
  });
});

describe('sending an answer (RecordSendAttempt)', () => {
  const attempt = { type: 'RecordSendAttempt' as const, data: { messageId: 'in1-reply' } };
  const night = (history: StudentEvent[]) =>
    decideStudent(attempt, foldStudent(history), {
      actor: system,
      now: new Date('2019-08-14T05:00:00Z'),
      district: policy({ smsAllowed: false }),
    });

  it('the STOP confirmation goes after the opt-out, at night, with texting off: the one text allowed', () => {
    const stopped = given(registered(), enrolled(), queued()).when(text('STOP'), system, district).events();
    expect(night([registered(), enrolled(), queued(), ...stopped])).toEqual([
      {
        type: 'SmsSendAttempted',
        data: { studentId: STUDENT, messageId: 'in1-reply', attempt: 1, to: '+12015550123' },
      },
    ]);
  });

  it('a HELP answer still waiting when the student texts STOP is not sent', () => {
    const help = given(registered(), enrolled(), queued()).when(text('HELP'), system, district).events();
    const history = [registered(), enrolled(), queued(), ...help];
    const stop = decideStudent(text('STOP', { messageId: 'in2' }), foldStudent(history), {
      actor: system,
      now: new Date('2019-08-13T16:01:00Z'),
      district,
    });
    expect(
      decideStudent(attempt, foldStudent([...history, ...stop]), {
        actor: system,
        now: new Date('2019-08-13T16:02:00Z'),
        district,
      })[0],
    ).toMatchObject({ type: 'SmsCancelled', data: { messageId: 'in1-reply', reason: 'opted_out' } });
  });

  it('staff cannot cancel an automatic answer', () => {
    const help = given(registered(), enrolled(), queued()).when(text('HELP'), system, district).events();
    given(registered(), enrolled(), queued(), ...help)
      .when({ type: 'CancelScheduledSms', data: { messageId: 'in1-reply' } })
      .thenError('NOT_SENDER_OF_MESSAGE', 'forbidden');
  });
});
