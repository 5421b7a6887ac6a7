import { type CanActivate, type ExecutionContext, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { findUnstorableText, unstorableMessage } from '../../domain/shared/storable-text';
import { apiHttpException } from './api-error';
import type { ApiRequest } from './http-request';

const REPAIRS_OWN_TEXT = 'repairsOwnText';

/**
 * Opt-out for a route that must keep malformed text rather than refuse it (Twilio will not resend a changed body):
 * the handler repairs it itself (repairText) and records that it did. Every other route is checked.
 */
export const RepairsOwnText = (): MethodDecorator & ClassDecorator => SetMetadata(REPAIRS_OWN_TEXT, true);

type Located = ApiRequest & { query?: unknown; params?: unknown };

/** Keys that are never a field: the DTO mapping drops them silently instead of refusing them as unknown. */
const NEVER_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

function findNeverField(value: unknown, path = '', depth = 0): string | null {
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  for (const [key, child] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (NEVER_FIELDS.has(key)) return at;
    const found = findNeverField(child, at, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Also refuses the keys __proto__, constructor and prototype anywhere in a body (VALIDATION_FAILED, like any unknown
 * field): the DTO mapping would otherwise drop them without a word.
 *
 * The last global guard: after the other guards (a caller is known), before every interceptor, the pipes and the
 * handler, every string and key of the body, query and path parameters is checked once, here, so no route can
 * forget it. NUL or an unpaired surrogate is a 400 INVALID_TEXT naming the field; PostgreSQL cannot store either,
 * and one would stop the record for everyone. (A guard rather than an interceptor: a route with no interceptor of
 * its own then runs none, and pays no interceptor chain. A controller's own guards run after the global ones: the
 * only one, Twilio's signature check, guards webhooks that repair their own text.)
 */
@Injectable()
export class StorableTextGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const exempt = this.reflector.getAllAndOverride<boolean | undefined>(REPAIRS_OWN_TEXT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (exempt !== true) {
      const request = context.switchToHttp().getRequest<Located>();
      for (const [where, value] of [
        ['body', request.body],
        ['query', request.query],
        ['path', request.params],
      ] as const) {
        const found = findUnstorableText(value);
        if (found) {
          const field = found.field === '' ? `(${where})` : found.field;
          throw apiHttpException(HttpStatus.BAD_REQUEST, 'INVALID_TEXT', unstorableMessage({ ...found, field }), {
            field,
            in: where,
            reason: found.reason,
          });
        }
      }
      const never = findNeverField(request.body);
      if (never) {
        throw apiHttpException(
          HttpStatus.BAD_REQUEST,
          'VALIDATION_FAILED',
          `The request is not valid; check: ${never}.`,
          { fields: [{ field: never, problems: [`${never} is not a field of this request`] }] },
        );
      }
    }
    return true;
  }
}
