import { classifyInbound } from '../../../src/domain/student/inbound-keywords';
import type { StudentEvent } from '../../../src/domain/student/student.events';
import { enrolled, given, queued, registered, STUDENT, studentActor, system } from './student-spec.helper';

const text = (
  body: string,
  over: Partial<{
    channel: 'sms' | 'portal';
    providerMessageId: string | null;
    staffId: string | null;
    fromNumber: string;
  }> = {},
) => ({
  type: 'RecordInboundSms' as const,
  data: {
    messageId: 'in1',
    body,
    channel: 'sms' as const,
    providerMessageId: 'SMin1',
    staffId: null,
    receivedOn: null,
    ...over,
  },
});
const received = (body: string) => ({
  type: 'SmsReceived' as const,
  data: {
    studentId: STUDENT,
    messageId: 'in1',
    staffId: 't-bell',
    body,
    channel: 'sms' as const,
    providerMessageId: 'SMin1',
  },
});
const stopped = {
  type: 'SmsOptedOut' as const,
  data: {
    studentId: STUDENT,
    removedNumber: '+12015550123',
    requestedBy: 'keyword' as const,
    note: 'Student texted STOP, removed SMS number, 8/13/19 - automatic',
  },
};

describe('keywords: what carriers act on, recorded the same way here', () => {
  it.each(['STOP', 'stop', ' Stop ', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'QUIT', 'revoke', 'OptOut', 'STOP.'])(
    '"%s" is an opt-out keyword',
    (body) => {
      expect(classifyInbound(body)).toEqual({ kind: 'opt_out', keyword: body.trim().replace('.', '').toUpperCase() });
    },
  );

  it('only a single word counts: sentences are never keywords', () => {
    expect(classifyInbound('stop by my office')).toBeNull();
    expect(classifyInbound('I will end the essay today')).toBeNull();
    expect(classifyInbound('Yes! I can log on today')).toBeNull();
    expect(classifyInbound('help me with question 3')).toBeNull();
    expect(classifyInbound('START')).toEqual({ kind: 'opt_in', keyword: 'START' });
    expect(classifyInbound('info')).toEqual({ kind: 'help', keyword: 'INFO' });
  });

  it.each([
    'please stop texting me',
    "Don't text me again",
    'no more texts please',
    'stop sending me messages',
    'take me off this list? remove me from this list',
    'I want to unsubscribe',
  ])('"%s" reads as a request to stop', (body) => {
    expect(classifyInbound(body)).toMatchObject({ kind: 'stop_request' });
  });

  it.each([
    'Can you stop by the tutoring room?',
    'I will text you when I finish',
    'is there no more homework?',
    'The message was cut off',
  ])('"%s" does not', (body) => {
    expect(classifyInbound(body)).toBeNull();
  });
});

describe('RecordInboundSms with keywords', () => {
  it('STOP records the text in the thread and an opt-out exactly like staff record one, source "keyword"', () => {
    given(registered(), enrolled(), queued())
      .when(text('STOP'), system)
      .then([received('STOP'), stopped, expect.objectContaining({ type: 'KeywordReplyQueued' }) as StudentEvent]);
  });

  it('STOP from the number on file opts out; from a number no longer on file (a stale match) only the text', () => {
    expect(
      given(registered(), enrolled(), queued())
        .when(text('STOP', { fromNumber: '+12015550123' }), system)
        .events()
        .map((e) => e.type),
    ).toEqual(['SmsReceived', 'SmsOptedOut', 'KeywordReplyQueued']);
    // The registrar changed the number since: the old number's STOP does not remove the new one.
    expect(
      given(registered(), enrolled(), queued())
        .when(text('STOP', { fromNumber: '+12015550999' }), system)
        .events()
        .map((e) => e.type),
    ).toEqual(['SmsReceived']);
  });

  it('a repeated STOP (Twilio retrying the same message) records nothing, and a second STOP only the text', () => {
    given(registered(), enrolled(), queued(), received('STOP'), stopped).when(text('STOP'), system).then([]);
    const second = given(registered(), enrolled(), queued(), received('STOP'), stopped)
      .when(text('stop', { providerMessageId: 'SMin2' }), system)
      .events();
    expect(second.map((e) => e.type)).toEqual(['SmsReceived']);
  });

  it('START after STOP restores nothing (the number is gone) but is recorded', () => {
    const events = given(registered(), enrolled(), queued(), received('STOP'), stopped)
      .when(text('START', { providerMessageId: 'SMin2' }), system)
      .events();
    expect(events.map((e) => e.type)).toEqual(['SmsReceived', 'SmsKeywordReceived']);
    expect(events[1]).toMatchObject({ data: { keyword: 'START', effect: 'nothing_to_restore' } });
  });

  it('START, or YES after a STOP, from a number the school put back on file restores consent', () => {
    const readded = {
      type: 'ContactUpdated' as const,
      data: {
        studentId: STUDENT,
        changes: { smsNumber: '+12015550123' },
        previousSmsNumber: null,
        reason: 'Family asked to resume',
      },
    };
    for (const word of ['START', 'unstop', 'Yes']) {
      const events = given(registered(), enrolled(), queued(), received('STOP'), stopped, readded)
        .when(text(word, { providerMessageId: 'SMin2' }), system)
        .events();
      expect(events[1]).toEqual({
        type: 'SmsConsentRestored',
        data: { studentId: STUDENT, messageId: 'in1', keyword: word.toUpperCase(), number: '+12015550123' },
      });
    }
  });

  it('an ordinary "Yes" answer is just a reply', () => {
    given(registered(), enrolled(), queued())
      .when(text('Yes'), system)
      .then([received('Yes')]);
  });

  it('HELP and INFO are recorded', () => {
    expect(given(registered(), enrolled(), queued()).when(text('help'), system).events()[1]).toEqual({
      type: 'SmsKeywordReceived',
      data: { studentId: STUDENT, messageId: 'in1', keyword: 'HELP', effect: 'help_requested' },
    });
  });

  it('flags "please stop texting me" to the thread\'s staff member, without recording an opt-out', () => {
    given(registered(), enrolled(), queued())
      .when(text('please stop texting me'), system)
      .then([
        received('please stop texting me'),
        {
          type: 'OptOutRequestFlagged',
          data: { studentId: STUDENT, messageId: 'in1', staffId: 't-bell', phrase: 'stop texting' },
        },
      ]);
  });

  it('flags it even before any thread exists (for the school), and in a portal reply too; a portal "STOP" is only a reply', () => {
    expect(
      given(registered(), enrolled())
        .when(text('do not text me'), system)
        .events()
        .map((e) => e.type),
    ).toEqual(['InboundSmsUnrouted', 'OptOutRequestFlagged', 'KeywordReplyQueued']);
    const portal = (body: string) => text(body, { channel: 'portal', providerMessageId: null, staffId: 't-bell' });
    expect(
      given(registered(), enrolled(), queued())
        .when(portal('no more texts'), studentActor)
        .events()
        .map((e) => e.type),
    ).toEqual(['SmsReceived', 'OptOutRequestFlagged']);
    expect(
      given(registered(), enrolled(), queued())
        .when(portal('STOP'), studentActor)
        .events()
        .map((e) => e.type),
    ).toEqual(['SmsReceived']);
  });
});
