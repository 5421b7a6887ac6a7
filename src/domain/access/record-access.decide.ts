import type { Decider, DecisionContext } from '../shared/decider';
import type { AccessChannel, AccessDetail, AccessEvent, RecordPart } from './record-access.events';

/** A read of a student's record to write down: answered, or refused after the student was found. */
export interface ReadStudentRecord {
  type: 'ReadStudentRecord';
  data: { studentId: string; part: RecordPart; channel: AccessChannel } & (
    { outcome: 'accessed'; purpose: string | null; detail?: AccessDetail } | { outcome: 'refused'; reason: string }
  );
}

/**
 * Every read is recorded, whatever the log already holds (FERPA 99.32): the access record is a log, not a state, so
 * its decisions read nothing and its writers never conflict. An export is a disclosure (the record left the service).
 */
export function decideRecordAccess(command: ReadStudentRecord, _state: null, _ctx: DecisionContext): AccessEvent[] {
  const { studentId, part, channel } = command.data;
  if (command.data.outcome === 'refused')
    return [{ type: 'StudentRecordAccessRefused', data: { studentId, part, reason: command.data.reason, channel } }];
  const { purpose, detail } = command.data;
  return [
    {
      type: 'StudentRecordAccessed',
      data: { studentId, part, purpose, disclosure: part === 'export', channel, detail: detail ?? {} },
    },
  ];
}

/** The access record's rules in the shape every stream kind has (see Decider); it keeps no state. */
export const recordAccessDecider: Decider<ReadStudentRecord, null, AccessEvent> = {
  initialState: () => null,
  evolve: (state) => state,
  decide: decideRecordAccess,
};
