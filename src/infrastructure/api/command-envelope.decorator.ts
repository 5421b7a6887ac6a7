import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandEnvelope } from '../../application/shared/command-envelope';
import { DomainError } from '../../domain/shared/domain-error';
import type { ApiRequest } from '../http/http-request';

/**
 * Builds the command envelope from the authenticated request: actor, correlation id, and If-Match as a revision.
 * `{ ifMatch: false }` marks a route that writes many streams (bulk registration, roster import): one stream
 * revision cannot be a precondition for all of them, so the header is refused there instead of failing every row.
 */
export const Envelope = createParamDecorator(
  (options: { ifMatch: false } | undefined, ctx: ExecutionContext): CommandEnvelope => {
    const req = ctx.switchToHttp().getRequest<ApiRequest>();
    if (!req.actor) throw new DomainError('UNAUTHENTICATED', 'Sign in first.', 'forbidden');
    const env: CommandEnvelope = { actor: req.actor, correlationId: req.correlationId ?? 'none' };
    const ifMatch = req.headers['if-match'];
    if (ifMatch !== undefined && options?.ifMatch === false) {
      throw new DomainError(
        'IF_MATCH_NOT_SUPPORTED',
        'This route writes many students at once; If-Match names the revision of one. Send it without If-Match.',
        'invalid',
      );
    }
    if (typeof ifMatch === 'string' && ifMatch.trim() !== '*') {
      const m = /^(?:W\/)?"?(\d{1,19})"?$/.exec(ifMatch.trim());
      if (!m)
        throw new DomainError('INVALID_IF_MATCH', 'If-Match must be an ETag this API returned, e.g. "3".', 'invalid');
      env.expectedRevision = BigInt(m[1]!);
    }
    return env;
  },
);

/** ETag of a stream at a revision, so the next write can send it back as If-Match. */
export const etag = (revision: bigint | null): string | undefined =>
  revision === null ? undefined : `"${revision.toString()}"`;
