import type { CommandBus } from '@nestjs/cqrs';
import { SendSmsCommand } from '../../src/application/messaging/send-sms/send-sms.command';
/** The HTTP requests the figures send, built from the dataset plan (ids are derived, tokens minted once). */
import type { BenchApp } from './app';
import {
  districtId,
  enrollmentId,
  studentId,
  teacherId,
  teacherInitials,
  teacherName,
  teachersOfStudent,
  type DatasetPlan,
} from './dataset';
import type { LoadRequest } from './load-worker';
import type { BusSend } from '../projection-lag.bench';

/** One bearer token per teacher (minting is not what is measured). */
export function teacherTokens(app: Pick<BenchApp, 'token'>, plan: DatasetPlan): string[] {
  return Array.from({ length: plan.teachers }, (_, t) =>
    app.token('teacher', teacherId(t), districtId(t % plan.districts), {
      initials: teacherInitials(t),
      name: teacherName(t),
    }),
  );
}

const BODY = 'Reminder: the unit 4 project is due Friday. Reply here if you want to talk it through.';

/** SendSms by the student's first teacher, for her enrollment; "__KEY__" becomes a fresh idempotency key. */
export function sendSmsRequests(plan: DatasetPlan, tokens: string[], [from, to]: [number, number]): LoadRequest[] {
  const out: LoadRequest[] = [];
  for (let i = from; i < to; i++) {
    const [ta] = teachersOfStudent(plan, i);
    out.push({
      method: 'POST',
      path: `/v1/students/${studentId(i)}/sms`,
      token: tokens[ta]!,
      body: JSON.stringify({ enrollmentId: enrollmentId(i, 1), body: BODY, idempotencyKey: '__KEY__' }),
    });
  }
  return out;
}

/** The same sends as sendSmsRequests, for the CommandBus (the actor the token would have given). */
export function busSends(plan: DatasetPlan, [from, to]: [number, number]): BusSend[] {
  const out: BusSend[] = [];
  for (let i = from; i < to; i++) {
    const [ta] = teachersOfStudent(plan, i);
    out.push({
      studentId: studentId(i),
      enrollmentId: enrollmentId(i, 1),
      body: BODY,
      actor: {
        id: teacherId(ta),
        role: 'teacher',
        districtId: districtId(ta % plan.districts),
        initials: teacherInitials(ta),
        name: teacherName(ta),
      },
    });
  }
  return out;
}

/** The Current Enrollments screen of each teacher. */
export function enrollmentRequests(plan: DatasetPlan, tokens: string[]): LoadRequest[] {
  return Array.from({ length: plan.teachers }, (_, t) => ({
    method: 'GET' as const,
    path: '/v1/enrollments/current',
    token: tokens[t]!,
  }));
}

/** Every teacher's inbox, first page (issue 16). */
export function inboxRequests(plan: DatasetPlan, tokens: string[]): LoadRequest[] {
  return Array.from({ length: plan.teachers }, (_, t) => ({
    method: 'GET' as const,
    path: '/v1/me/inbox',
    token: tokens[t]!,
  }));
}

/** A teacher opening her thread with one of her (long-history) students. */
export function threadRequests(plan: DatasetPlan, tokens: string[]): LoadRequest[] {
  const out: LoadRequest[] = [];
  for (let i = 0; i < plan.hotStudents; i++) {
    const [ta] = teachersOfStudent(plan, i);
    out.push({ method: 'GET', path: `/v1/students/${studentId(i)}/threads/${teacherId(ta)}`, token: tokens[ta]! });
  }
  return out;
}

/**
 * `count` SendSms on the service's CommandBus, 16 at a time, to `sends` in turn (the i-th to sends[i % length]), the
 * i-th with idempotency key and correlation id `${key}-${i}`: warming students' states, or queueing a backlog.
 */
export async function sendOnBus(bus: CommandBus, sends: BusSend[], count: number, key: string): Promise<void> {
  for (let i = 0; i < count; i += 16)
    await Promise.all(
      Array.from({ length: Math.min(16, count - i) }, (_, k) => {
        const s = sends[(i + k) % sends.length]!;
        return bus.execute(
          new SendSmsCommand(
            s.studentId,
            { enrollmentId: s.enrollmentId, body: s.body, idempotencyKey: `${key}-${i + k}` },
            { actor: s.actor, correlationId: `${key}-${i + k}` },
          ),
        );
      }),
    );
}
