import { createParamDecorator, type ExecutionContext, HttpStatus } from '@nestjs/common';
import type { Actor } from '../../domain/shared/actor';
import { apiHttpException } from '../http/api-error';
import type { ApiRequest } from '../http/http-request';

/** The authenticated caller, as set by JwtAuthGuard. On a @Public() route there is none, and asking for it is a 401. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<ApiRequest>().actor;
  if (!actor)
    throw apiHttpException(
      HttpStatus.UNAUTHORIZED,
      'UNAUTHENTICATED',
      'Sign in first: this request needs a bearer token.',
    );
  return actor;
});
