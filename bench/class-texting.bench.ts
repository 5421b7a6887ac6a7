/**
 * Figure 9, class texting (issue 16): one teacher texts a course section of 200 students over HTTP, and the request
 * answers every student within itself (each student's text is the existing SendSms, every one-student rule applied).
 * The section is registered for the figure (bench-d1, teacher t-class, section class-200) through the CommandBus;
 * then `requests` class texts, one after another, each with a new idempotency key (200 new texts each), p50/p99 of
 * the whole request. The dispatcher does not run here: the texts stay queued, as figure 1's do.
 */
import { CommandBus } from '@nestjs/cqrs';
import { SECTION_ROSTER, type SectionRoster } from '../src/application/ports/section-roster.port';
import { RegisterStudentCommand } from '../src/application/contacts/register-student/register-student.command';
import { StartEnrollmentCommand } from '../src/application/contacts/start-enrollment/start-enrollment.command';
import type { CommandEnvelope } from '../src/application/shared/command-envelope';
import type { BenchApp } from './support/app';
import { round, summarize } from './support/stats';

const DISTRICT = 'bench-d1';
const SECTION = 'class-200';
const TEACHER = 't-class';

export interface ClassTextRun {
  students: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  allAnswered: boolean;
  queued: number;
}

export async function classTextLatency(
  app: BenchApp,
  { students, requests }: { students: number; requests: number },
  /** Another section (and students) for a second measurement in the same database. */
  suffix = '',
): Promise<ClassTextRun> {
  const section = `${SECTION}${suffix}`;
  const bus = app.app.get(CommandBus);
  const sis: CommandEnvelope = {
    actor: { id: 'bench-sis', role: 'sis', districtId: DISTRICT },
    correlationId: 'bench-class-texting',
  };
  for (let i = 0; i < students; i++) {
    const studentId = `cls${suffix}${String(i).padStart(4, '0')}`;
    await bus.execute(
      new RegisterStudentCommand(
        {
          studentId,
          districtId: DISTRICT,
          firstName: ['Ana', 'Ben', 'Cal', 'Dee'][i % 4]!,
          lastName: `Class${i}`,
          preferredName: null,
          dateOfBirth: null,
          address: null,
          username: null,
          smsNumber: `+1209555${String(i).padStart(4, '0')}`,
          timeZone: null,
          listedContacts: [],
        },
        sis,
      ),
    );
    await bus.execute(
      new StartEnrollmentCommand(
        studentId,
        {
          enrollmentId: `${studentId}-e`,
          courseId: section,
          courseName: 'Biology',
          teacherId: TEACHER,
          teacherName: 'Amy Bell',
          startedOn: '2026-08-24',
        },
        sis,
      ),
    );
  }
  // The class list is the roster read model: wait until it has every student.
  const roster = app.app.get<SectionRoster>(SECTION_ROSTER);
  while ((await roster.activeIn(DISTRICT, section)).length < students) await new Promise((r) => setTimeout(r, 100));

  const token = app.token('teacher', TEACHER, DISTRICT, { initials: 'A.Bell', name: 'Amy Bell' });
  const latencies: number[] = [];
  let allAnswered = true;
  let queued = 0;
  for (let k = 0; k < requests; k++) {
    const started = performance.now();
    const res = await fetch(`${app.baseUrl}/v1/sections/${section}/texts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        body: "Hi {firstName}, don't forget about {className} class, how can I help you get back to work today? - {teacherName}",
        idempotencyKey: `bench-class-${k}-${Date.now()}`,
      }),
    });
    const body = (await res.json()) as { done?: number; counts?: { queued: number } };
    latencies.push(performance.now() - started);
    allAnswered &&= res.status === 201 && body.done === students;
    queued += body.counts?.queued ?? 0;
  }
  const s = summarize(latencies);
  return { students, requests, p50Ms: round(s.p50, 1), p99Ms: round(s.p99, 1), allAnswered, queued };
}
