import type { DistrictSmsPolicy } from '../district/district.events';
import type { KeywordReplyKind, SendCancelReason } from './student.events';
import type { StudentEvent, StudentProfile } from './student.events';
import type { StudentState } from './student.state';

/**
 * The automatic answers carriers expect (CTIA): one confirmation of STOP, one of START, and HELP/INFO answered with
 * who we are, a phone number, "Msg & data rates may apply" and how to stop. Plus one answer, at most once a day per
 * number, to a student who texts before any teacher did (their text is kept, but nobody's thread takes it).
 * The district words them in its SMS policy; {school} and {phone} are filled in.
 */
export const DEFAULT_REPLY_TEXTS: Record<KeywordReplyKind, string> = {
  stop: '{school}: you are unsubscribed and will get no more texts from us. To get texts again, ask the school to put your number back, then reply START.',
  start:
    '{school}: you will get texts from your teachers again. Msg & data rates may apply. Reply HELP for help, STOP to stop.',
  help: '{school} student texting. For help call {phone}. Msg & data rates may apply. Reply STOP to stop texts.',
  no_thread:
    "{school}: this number only takes replies to your teacher's texts. You can reply once your teacher has texted you. Reply STOP to stop texts.",
};

const POLICY_KEY: Record<KeywordReplyKind, 'stop' | 'start' | 'help' | 'noThread'> = {
  stop: 'stop',
  start: 'start',
  help: 'help',
  no_thread: 'noThread',
};

/** The district's text for this answer (or the default), with {school} and {phone} filled in. */
export function replyText(kind: KeywordReplyKind, district: DistrictSmsPolicy | null): string {
  const texts = district?.keywordReplies;
  const template = texts?.[POLICY_KEY[kind]] ?? DEFAULT_REPLY_TEXTS[kind];
  return template
    .replaceAll('{school}', texts?.schoolName ?? 'Your school')
    .replaceAll('{phone}', texts?.helpPhone ?? 'the school office');
}

/** "2026-09-01": the day in the district's zone, the unit of "at most once a day". */
export const localDay = (at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export interface ReplyContext {
  inReplyTo: string;
  from: string | null;
  staffId: string | null;
  now: Date;
  timeZone: string;
  district: DistrictSmsPolicy | null;
}

export function keywordReply(studentId: string, kind: KeywordReplyKind, to: string, c: ReplyContext): StudentEvent {
  return {
    type: 'KeywordReplyQueued',
    data: {
      studentId,
      messageId: `${c.inReplyTo}-reply`,
      inReplyTo: c.inReplyTo,
      kind,
      to,
      from: c.from,
      body: replyText(kind, c.district),
      staffId: c.staffId,
      day: localDay(c.now, c.timeZone),
    },
  };
}

/** The no-thread answer is due: a number on file, texts allowed, and none sent to this number today. */
export function noThreadAnswerDue(state: StudentState, profile: StudentProfile, c: ReplyContext): boolean {
  const number = profile.smsNumber;
  return (
    number !== null &&
    !state.optedOut &&
    c.district?.smsAllowed === true &&
    state.noThreadAnswered.get(number) !== localDay(c.now, c.timeZone)
  );
}

/**
 * At the moment of sending an answer (quiet hours do not apply: the student just wrote). The STOP confirmation always
 * goes, to the number that texted STOP: the one text allowed after an opt-out. The others only while the student has
 * not opted out and the number they came from is still the number on file; the no-thread answer also needs texting on.
 */
export function replyBlocker(
  kind: KeywordReplyKind,
  to: string,
  state: StudentState,
  profile: StudentProfile,
  district: DistrictSmsPolicy | null,
): SendCancelReason | null {
  if (kind === 'stop') return null;
  if (state.optedOut) return 'opted_out';
  if (profile.smsNumber === null) return 'no_sms_number';
  if (profile.smsNumber !== to) return 'number_changed';
  if (kind === 'no_thread' && !district?.smsAllowed) return 'district_disabled';
  return null;
}
