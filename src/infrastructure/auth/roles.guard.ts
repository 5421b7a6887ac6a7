import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../domain/shared/actor';
import { apiHttpException } from '../http/api-error';
import type { ApiRequest } from '../http/http-request';
import { ROLES_KEY } from './roles.decorator';

/**
 * Global guard after JwtAuthGuard: enforces @Roles(...). Routes without @Roles are open to any authenticated
 * caller; finer rules (own students, own district) belong to the application layer, which sees the data.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles === undefined || roles.length === 0) return true;
    const actor = context.switchToHttp().getRequest<ApiRequest>().actor;
    // @Roles on a @Public() route: there is no caller to check, so refuse rather than let anyone through.
    if (!actor)
      throw apiHttpException(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'Sign in first: this request needs a bearer token.',
      );
    if (roles.includes(actor.role)) return true;
    throw apiHttpException(
      HttpStatus.FORBIDDEN,
      'FORBIDDEN_ROLE',
      `The ${actor.role} role may not do this; it needs one of: ${roles.join(', ')}.`,
      { role: actor.role, allowedRoles: [...roles] },
    );
  }
}
