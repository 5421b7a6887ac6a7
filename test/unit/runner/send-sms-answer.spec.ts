import { SendSmsCommand } from '../../../src/application/messaging/send-sms/send-sms.command';
import { SendSmsHandler } from '../../../src/application/messaging/send-sms/send-sms.handler';
import type { CommandEnvelope } from '../../../src/application/shared/command-envelope';
import { StudentCommandRunner } from '../../../src/application/shared/student-command-runner';
import { toEventData } from '../../../src/application/shared/to-event-data';
import { districtStreamId } from '../../../src/domain/district/district.events';
import { legacyStudentStreamId, scopedStudentStreamId } from '../../../src/domain/student/student-stream';

const studentStreamId = (id: string): string => scopedStudentStreamId({ districtId: 'd1', studentId: id });
import { uuidGenerator } from '../../../src/infrastructure/clock/system-clock';
import { InMemoryEventStore } from '../../../src/infrastructure/event-store/in-memory/in-memory-event-store';
import { enrolled, policy, registered, sis, STUDENT, teacher } from '../domain/student-spec.helper';

/** 05:00 in Denver: before the district's window opens at 08:00. */
const NIGHT = new Date('2019-08-13T11:00:00Z');

describe('SendSms answers from what it just decided', () => {
  let store: InMemoryEventStore;
  let runner: StudentCommandRunner;
  let handler: SendSmsHandler;
  const env: CommandEnvelope = { actor: teacher(), correlationId: 'c-send' };
  beforeEach(async () => {
    store = new InMemoryEventStore();
    await store.append(
      districtStreamId('d1'),
      toEventData(
        [{ type: 'DistrictSmsPolicySet', data: policy() }],
        'SetDistrictSmsPolicy',
        { actor: sis, correlationId: 'c0' },
        NIGHT,
        uuidGenerator,
      ),
      'no_stream',
    );
    await store.append(
      studentStreamId(STUDENT),
      toEventData(
        [registered(), enrolled()],
        'RegisterStudent',
        { actor: sis, correlationId: 'c0' },
        NIGHT,
        uuidGenerator,
      ),
      'no_stream',
    );
    runner = new StudentCommandRunner(store, { now: () => NIGHT }, uuidGenerator);
    handler = new SendSmsHandler(runner, uuidGenerator);
  });

  it('words the quiet-hours notice from the queued event and the policy it was decided on, with no second read', async () => {
    const run = jest.spyOn(runner, 'run');
    const read = jest.spyOn(runner, 'read');
    const withPolicy = jest.spyOn(runner, 'readWithPolicy');
    const readStream = jest.spyOn(store, 'readStream');
    const r = await handler.execute(
      new SendSmsCommand(
        STUDENT,
        { enrollmentId: null, body: 'Hi Sarah, class at 9?', idempotencyKey: 'key-00001' },
        env,
      ),
    );
    expect(r.recorded).toBe(1);
    expect(r.result).toMatchObject({
      status: 'scheduled',
      enrollmentId: 'e1',
      scheduledFor: '2019-08-13T14:00:00.000Z',
      notice:
        "Scheduled for Tue, Aug 13, 8:00 AM MDT: texts go out only between 08:00 and 21:00 in the student's time zone (America/Denver).",
    });
    expect(run).toHaveBeenCalledTimes(1);
    expect(read).not.toHaveBeenCalled();
    expect(withPolicy).not.toHaveBeenCalled();
    // One read of the student's stream and one of the district's, both by the decision itself, and the one look at
    // the legacy name that finds which stream the student has (once per process: StudentStreams).
    expect(readStream.mock.calls.map(([id]) => id).sort()).toEqual([
      districtStreamId('d1'),
      studentStreamId(STUDENT),
      legacyStudentStreamId(STUDENT),
    ]);
  });

  it("answers a retried idempotency key with the first request's text and notice, recording nothing", async () => {
    const send = () =>
      handler.execute(
        new SendSmsCommand(
          STUDENT,
          { enrollmentId: null, body: 'Hi Sarah, class at 9?', idempotencyKey: 'key-00001' },
          env,
        ),
      );
    const first = await send();
    const again = await send();
    expect(again.recorded).toBe(0);
    expect(again.result).toEqual(first.result);
  });
});
