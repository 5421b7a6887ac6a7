import { Query } from '@nestjs/cqrs';
import type { ContentPreview } from '../../../domain/content-policy';
import type { Actor } from '../../../domain/shared/actor';

/** The content guard's verdict on a draft, for the portal to warn while the teacher types. Sends nothing. */
export class PreviewSmsQuery extends Query<ContentPreview> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
    readonly body: string,
    readonly mediaUrls: readonly string[],
  ) {
    super();
  }
}
