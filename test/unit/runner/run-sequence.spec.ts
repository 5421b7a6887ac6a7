import type { AppendResult, EventToAppend, ExpectedRevision } from '../../../src/application/ports/event-store.port';
import type { CommandEnvelope } from '../../../src/application/shared/command-envelope';
import { StudentCommandRunner } from '../../../src/application/shared/student-command-runner';
import { toEventData } from '../../../src/application/shared/to-event-data';
import { DomainError } from '../../../src/domain/shared/domain-error';
import type { StudentCommand } from '../../../src/domain/student/student.commands';
import type { StudentProfile } from '../../../src/domain/student/student.events';
import { scopedStudentStreamId } from '../../../src/domain/student/student-stream';

const S1 = { districtId: 'd1', studentId: 's-1' };
const studentStreamId = (id: string): string => scopedStudentStreamId({ districtId: 'd1', studentId: id });
import { uuidGenerator } from '../../../src/infrastructure/clock/system-clock';
import { InMemoryEventStore } from '../../../src/infrastructure/event-store/in-memory/in-memory-event-store';

const NOW = new Date('2026-09-01T15:00:00.000Z');
const sis: CommandEnvelope = { actor: { id: 'sis-1', role: 'sis', districtId: 'd1' }, correlationId: 'sync-1' };
const profile = (over: Partial<StudentProfile> = {}): StudentProfile => ({
  studentId: 's-1',
  districtId: 'd1',
  firstName: 'Sarah',
  lastName: 'Jones',
  preferredName: null,
  dateOfBirth: null,
  address: null,
  username: null,
  smsNumber: '+12015550177',
  timeZone: null,
  listedContacts: [],
  ...over,
});
const register = (over: Partial<StudentProfile> = {}): StudentCommand => ({
  type: 'RegisterStudent',
  data: profile(over),
});
const enroll = (enrollmentId: string): StudentCommand => ({
  type: 'StartEnrollment',
  data: {
    enrollmentId,
    courseId: `c-${enrollmentId}`,
    courseName: 'Biology',
    teacherId: 't-1',
    teacherName: 'Ms. Bell',
    startedOn: '2026-09-01',
  },
});
const step = (command: StudentCommand, line: number) => ({
  command,
  env: { ...sis, correlationId: `sync-1:users:${line}` },
});

/** Counts appends; another writer's append can be made to land just before this process's. */
class CountingStore extends InMemoryEventStore {
  appends = 0;
  rival: (() => Promise<unknown>) | null = null;

  override async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision) {
    this.appends++;
    const rival = this.rival;
    this.rival = null;
    if (rival) await rival();
    return super.append(streamId, events, expected);
  }

  elsewhere(streamId: string, command: StudentCommand): Promise<AppendResult> {
    const event = { type: 'EnrollmentStarted', data: { studentId: 's-1', ...command.data } };
    return super.append(streamId, toEventData([event], command.type, sis, NOW, uuidGenerator), 'any');
  }
}

describe("a student's commands decided in sequence and appended together (the school's sync)", () => {
  let store: CountingStore;
  let runner: StudentCommandRunner;
  beforeEach(() => {
    store = new CountingStore();
    runner = new StudentCommandRunner(store, { now: () => NOW }, uuidGenerator);
  });

  it('registers the student and starts both enrollments in one append, each event with its own row as correlation', async () => {
    const outcomes = await runner.runSequence(S1, [
      step(register(), 2),
      step(enroll('e-1'), 3),
      step(enroll('e-2'), 4),
    ]);
    expect(outcomes.map((o) => o.events?.map((e) => e.type))).toEqual([
      ['StudentRegistered'],
      ['EnrollmentStarted'],
      ['EnrollmentStarted'],
    ]);
    expect(store.appends).toBe(1);
    const recorded = await store.readStream(studentStreamId('s-1'));
    expect(recorded.map((e) => [e.type, e.metadata.correlationId])).toEqual([
      ['StudentRegistered', 'sync-1:users:2'],
      ['EnrollmentStarted', 'sync-1:users:3'],
      ['EnrollmentStarted', 'sync-1:users:4'],
    ]);
  });

  it('keeps no state for a student it was not keeping (an import does not push out the states people work with), and keeps a kept one up to date', async () => {
    await runner.runSequence(S1, [step(register(), 2), step(enroll('e-1'), 3)]);
    expect(await runner.peek(S1)).toBeUndefined();
    // A person's command keeps the student; a sequence after it keeps the kept state current.
    await runner.run(S1, enroll('e-2'), sis);
    expect([...(await runner.peek(S1))!.enrollments.keys()]).toEqual(['e-1', 'e-2']);
    await runner.runSequence(S1, [step(enroll('e-3'), 4)]);
    expect([...(await runner.peek(S1))!.enrollments.keys()]).toEqual(['e-1', 'e-2', 'e-3']);
    expect((await store.readStream(studentStreamId('s-1'))).map((e) => e.type)).toEqual([
      'StudentRegistered',
      'EnrollmentStarted',
      'EnrollmentStarted',
      'EnrollmentStarted',
    ]);
  });

  it('the same sequence again changes nothing and appends nothing', async () => {
    const steps = [step(register(), 2), step(enroll('e-1'), 3)];
    await runner.runSequence(S1, steps);
    const again = await runner.runSequence(S1, steps);
    expect(again.map((o) => o.events?.length)).toEqual([0, 0]);
    expect(store.appends).toBe(1);
  });

  it('a refused registration ends the sequence when told to, and nothing is appended', async () => {
    const stops = (error: unknown) => error instanceof DomainError;
    const outcomes = await runner.runSequence(
      S1,
      [step(register({ districtId: 'd2' }), 2), step(enroll('e-1'), 3)],
      stops,
    );
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.error).toBeInstanceOf(DomainError);
    expect(store.appends).toBe(0);
    expect(await store.readStream(studentStreamId('s-1'))).toEqual([]);
  });

  it('a refused command in the middle appends the others, and is answered with its error', async () => {
    await runner.runSequence(S1, [step(register(), 2)]);
    const outcomes = await runner.runSequence(S1, [
      step(enroll('e-1'), 3),
      step({ type: 'EndEnrollment', data: { enrollmentId: 'nobody', endedOn: '2026-09-02', reason: null } }, 4),
      step(enroll('e-2'), 5),
    ]);
    expect(outcomes[0]!.events).toHaveLength(1);
    expect(outcomes[1]!.error).toBeInstanceOf(DomainError);
    expect(outcomes[2]!.events).toHaveLength(1);
    const types = (await store.readStream(studentStreamId('s-1'))).map((e) => e.type);
    expect(types).toEqual(['StudentRegistered', 'EnrollmentStarted', 'EnrollmentStarted']);
  });

  it("another writer's append in between: the whole sequence is decided again on the fresh stream", async () => {
    await runner.runSequence(S1, [step(register(), 2)]);
    store.rival = () => store.elsewhere(studentStreamId('s-1'), enroll('e-1'));
    const outcomes = await runner.runSequence(S1, [step(enroll('e-1'), 3), step(enroll('e-2'), 4)]);
    // e-1 was started by the other writer: decided again, it is already so.
    expect(outcomes.map((o) => o.events?.length)).toEqual([0, 1]);
    const types = (await store.readStream(studentStreamId('s-1'))).map((e) => e.type);
    expect(types).toEqual(['StudentRegistered', 'EnrollmentStarted', 'EnrollmentStarted']);
  });

  it('a store that fails the append (database down): nothing is kept, and the sync sent again records it all', async () => {
    await runner.runSequence(S1, [step(register(), 2)]);
    store.rival = () => Promise.reject(new Error('connection terminated'));
    const steps = [step(enroll('e-1'), 3), step(enroll('e-2'), 4)];
    await expect(runner.runSequence(S1, steps)).rejects.toThrow('connection terminated');
    expect((await runner.peek(S1))?.enrollments.size ?? 0).toBe(0);
    const again = await runner.runSequence(S1, steps);
    expect(again.map((o) => o.events?.length)).toEqual([1, 1]);
    expect((await store.readStream(studentStreamId('s-1'))).map((e) => e.type)).toEqual([
      'StudentRegistered',
      'EnrollmentStarted',
      'EnrollmentStarted',
    ]);
  });
});
