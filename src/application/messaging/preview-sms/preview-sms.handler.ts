import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type ContentPreview, previewContent } from '../../../domain/content-policy';
import { DomainError } from '../../../domain/shared/domain-error';
import { contentSubjects, strictestVerdict } from '../../../domain/student/content-subjects';
import { requireStudent } from '../../../domain/student/decide-context';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { PreviewSmsQuery } from './preview-sms.query';

/**
 * Same guard, same inputs as SendSms (the student's own data, the district's link hosts, the sender's
 * name); only a teacher of an active enrollment of the student may ask. A blocked draft also gets each
 * violation's suggestion and a rewrite that passes the guard.
 */
@QueryHandler(PreviewSmsQuery)
export class PreviewSmsHandler implements IQueryHandler<PreviewSmsQuery> {
  constructor(private readonly runner: StudentCommandRunner) {}

  async execute({ actor, studentId, body, mediaUrls }: PreviewSmsQuery): Promise<ContentPreview> {
    if (actor.role !== 'teacher') throw new DomainError('FORBIDDEN_ROLE', 'Only teachers text students.', 'forbidden');
    const { state, policy } = await this.runner.readWithPolicy({ districtId: actor.districtId, studentId });
    requireStudent(state, { actor });
    const teaches = [...state.enrollments.values()].some((e) => e.active && e.teacherId === actor.id);
    if (!teaches)
      throw new DomainError(
        'NOT_TEACHER_OF_ENROLLMENT',
        'You do not teach an active enrollment of this student.',
        'forbidden',
      );
    const context = { allowedLinkHosts: policy?.allowedLinkHosts ?? [], senderNames: actor.name ? [actor.name] : [] };
    return strictestVerdict(contentSubjects(state), (subject) => previewContent(body, subject, context, mediaUrls));
  }
}
