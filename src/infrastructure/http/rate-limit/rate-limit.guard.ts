import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasRole, SYNC_ROLES } from '../../../domain/shared/role-groups';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { apiHttpException } from '../api-error';
import type { ApiReply, ApiRequest } from '../http-request';
import { SKIP_RATE_LIMIT_KEY } from './skip-rate-limit.decorator';
import { SlidingWindowCounter, type RateLimitVerdict } from './sliding-window.counter';

/** Keys and budgets of one kind of limit. */
interface Budget {
  key: string;
  limit: number;
}

/**
 * Shared by the two global guards below: count the hit, write the standard headers (draft-ietf-httpapi-ratelimit-
 * headers: RateLimit-Limit / -Remaining / -Reset and RateLimit-Policy), and refuse with 429 RATE_LIMITED and
 * Retry-After once the budget is spent. When both guards pass, the later one's headers (the client's own budget,
 * usually the tighter) are the ones sent.
 */
abstract class RateLimitGuardBase implements CanActivate {
  private readonly counter: SlidingWindowCounter;

  protected constructor(
    private readonly reflector: Reflector,
    protected readonly config: AppConfig,
  ) {
    this.counter = new SlidingWindowCounter(config.rateLimit.windowMs);
  }

  protected abstract budget(request: ApiRequest): Budget | null;

  canActivate(context: ExecutionContext): boolean {
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(SKIP_RATE_LIMIT_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) === true
    )
      return true;
    const http = context.switchToHttp();
    const budget = this.budget(http.getRequest<ApiRequest>());
    if (!budget) return true;
    const verdict = this.counter.hit(budget.key, budget.limit, Date.now());
    const response = http.getResponse<ApiReply>();
    writeHeaders(response, verdict, this.config.rateLimit.windowMs);
    if (verdict.allowed) return true;
    void response.header('Retry-After', String(verdict.resetSeconds));
    throw apiHttpException(
      HttpStatus.TOO_MANY_REQUESTS,
      'RATE_LIMITED',
      'Too many requests; wait a moment and try again.',
    );
  }
}

function writeHeaders(response: ApiReply, verdict: RateLimitVerdict, windowMs: number): void {
  if (response.sent) return;
  void response
    .header('RateLimit-Policy', `${verdict.limit};w=${Math.round(windowMs / 1000)}`)
    .header('RateLimit-Limit', String(verdict.limit))
    .header('RateLimit-Remaining', String(verdict.remaining))
    .header('RateLimit-Reset', String(verdict.resetSeconds));
}

/**
 * First of the global guards: a budget per client IP, before any token is verified, so a flood is cut off cheaply.
 * It is generous on purpose: a school portal calls on behalf of all its users from one address.
 */
@Injectable()
export class ClientIpRateLimitGuard extends RateLimitGuardBase {
  constructor(reflector: Reflector, @Inject(APP_CONFIG) config: AppConfig) {
    super(reflector, config);
  }

  protected budget(request: ApiRequest): Budget {
    return { key: request.socket.remoteAddress ?? 'unknown', limit: this.config.rateLimit.perIp };
  }
}

/**
 * After authentication: a budget per client identity (the token's district and subject), so one busy user cannot
 * spend a school's budget. Sync clients (SIS roster uploads) have their own, larger budget.
 */
@Injectable()
export class ClientIdentityRateLimitGuard extends RateLimitGuardBase {
  constructor(reflector: Reflector, @Inject(APP_CONFIG) config: AppConfig) {
    super(reflector, config);
  }

  protected budget(request: ApiRequest): Budget | null {
    const actor = request.actor;
    if (!actor) return null;
    const sync = hasRole(actor, SYNC_ROLES);
    return {
      key: `${actor.districtId}\u0000${actor.id}`,
      limit: sync ? this.config.rateLimit.perSyncClient : this.config.rateLimit.perClient,
    };
  }
}
