import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ContentVerdict } from '../../domain/content-policy';
import { DomainError } from '../../domain/shared/domain-error';
import { requireStudent } from '../../domain/student/decide-context';
import { contentVerdict } from '../../domain/student/messaging.decide';
import { StudentCommandRunner } from '../shared/student-command-runner';
import { PreviewSmsQuery } from './preview-sms.query';

/** Same guard, same inputs as SendSms; only a teacher of an active enrollment of the student may ask. */
@QueryHandler(PreviewSmsQuery)
export class PreviewSmsHandler implements IQueryHandler<PreviewSmsQuery> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ actor, studentId, body, mediaUrls }: PreviewSmsQuery): Promise<ContentVerdict> {
    if (actor.role !== 'teacher') throw new DomainError('FORBIDDEN_ROLE', 'Only teachers text students.', 'forbidden');
    const { state, policy } = await this.runner.readWithPolicy(studentId);
    requireStudent(state, { actor });
    const teaches = [...state.enrollments.values()].some((e) => e.active && e.teacherId === actor.id);
    if (!teaches) throw new DomainError('NOT_TEACHER_OF_ENROLLMENT', 'You do not teach an active enrollment of this student.', 'forbidden');
    return contentVerdict(body, state, actor, policy?.allowedLinkHosts ?? [], mediaUrls);
  }
}
