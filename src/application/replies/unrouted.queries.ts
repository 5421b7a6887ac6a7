import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';
import type { Page } from '../shared/page';

/** The unmatched inbox: inbound texts no thread could take. Authorization happens in its handler. */
export interface UnroutedView {
  messageId: string;
  studentId: string | null;
  fromNumber: string | null;
  body: string;
  reason: string;
  receivedAt: string;
}

export class ListUnroutedInboundQuery extends Query<Page<UnroutedView>> {
  constructor(
    readonly actor: Actor,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}
