import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../domain/shared/actor';

export const ROLES_KEY = 'auth:roles';

/** Restricts a handler or controller to these roles (checked by RolesGuard after authentication; handler wins over class). */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
