import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { apiHttpException } from '../http/api-error';
import type { ApiReply, ApiRequest } from '../http/http-request';
import { IS_PUBLIC_KEY } from './public.decorator';
import { TokenRejectedError, TokenService } from './token.service';

/** RFC 6750 bearer syntax; the token itself must look like a compact JWS (three base64url parts). */
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;
const REALM = 'student-texting';

/**
 * Global guard (APP_GUARD): every request must carry `Authorization: Bearer <jwt>` unless the handler or its
 * controller is @Public(). Sets request.actor from the verified claims; any failure is a 401.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<ApiRequest>();
    const response = http.getResponse<ApiReply>();
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      void response.header('WWW-Authenticate', `Bearer realm="${REALM}"`);
      throw apiHttpException(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'Sign in first: this request needs an Authorization: Bearer token.',
      );
    }
    const match = BEARER.exec(header);
    const refuse = (error: unknown): never => {
      if (!(error instanceof TokenRejectedError)) throw error;
      void response.header('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_token"`);
      throw apiHttpException(HttpStatus.UNAUTHORIZED, error.code, error.message);
    };
    try {
      if (!match) throw new TokenRejectedError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".');
      const actor = this.tokens.verify(match[1]!);
      if (!(actor instanceof Promise)) {
        request.actor = actor;
        return true;
      }
      return actor.then((a) => {
        request.actor = a;
        return true;
      }, refuse);
    } catch (error) {
      return refuse(error);
    }
  }
}
