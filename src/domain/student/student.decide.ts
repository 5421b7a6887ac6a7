import { decideAmendNote, decideMarkEnteredInError } from './corrections.decide';
import type { Decider } from '../shared/decider';
import type { DecideContext } from './decide-context';
import { decideDeliveryReport, decideFlagInvalidNumber, decideSendRetry } from './delivery.decide';
import { decideOptOut } from './opt-out.decide';
import { decideCancelScheduledSms, decideSendSms } from './outbound-text.decide';
import { decideInboundSms } from './replies.decide';
import { decideReportPacing } from './pacing.decide';
import { decideCorrectStudentRecord } from './record-correction.decide';
import { decideSendAttempt } from './send-time.decide';
import { decideMoveInboundSms } from './reply-move.decide';
import { decideAddNote, decideLogCall } from './records.decide';
import { decideEndEnrollment, decideRegister, decideStartEnrollment, decideUpdateContact } from './registration.decide';
import type { StudentCommand } from './student.commands';
import type { StudentEvent } from './student.events';
import { evolveStudent, initialStudentState, type StudentState } from './student.state';

/** One pure function per command; [] means "already so", a DomainError means "no, and here is why". */
export function decideStudent(command: StudentCommand, state: StudentState, ctx: DecideContext): StudentEvent[] {
  switch (command.type) {
    case 'RegisterStudent':
      return decideRegister(command, state, ctx);
    case 'StartEnrollment':
      return decideStartEnrollment(command, state, ctx);
    case 'EndEnrollment':
      return decideEndEnrollment(command, state, ctx);
    case 'UpdateContact':
      return decideUpdateContact(command, state, ctx);
    case 'CorrectStudentRecord':
      return decideCorrectStudentRecord(command, state, ctx);
    case 'SendSms':
      return decideSendSms(command, state, ctx);
    case 'OptOut':
      return decideOptOut(command, state, ctx);
    case 'AddNote':
      return decideAddNote(command, state, ctx);
    case 'LogCall':
      return decideLogCall(command, state, ctx);
    case 'RecordInboundSms':
      return decideInboundSms(command, state, ctx);
    case 'MoveInboundSms':
      return decideMoveInboundSms(command, state, ctx);
    case 'RecordSendAttempt':
      return decideSendAttempt(command, state, ctx);
    case 'RecordDeliveryStatus':
      return decideDeliveryReport(command, state, ctx);
    case 'CancelScheduledSms':
      return decideCancelScheduledSms(command, state, ctx);
    case 'RecordSendRetry':
      return decideSendRetry(command, state, ctx);
    case 'FlagInvalidNumber':
      return decideFlagInvalidNumber(command, state, ctx);
    case 'AmendNote':
      return decideAmendNote(command, state, ctx);
    case 'MarkEnteredInError':
      return decideMarkEnteredInError(command, state, ctx);
    case 'ReportPacing':
      return decideReportPacing(command, state, ctx);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

/** The student stream's rules in the shape every stream kind has (see Decider). */
export const studentDecider: Decider<StudentCommand, StudentState, StudentEvent, DecideContext> = {
  initialState: initialStudentState,
  evolve: evolveStudent,
  decide: decideStudent,
};
