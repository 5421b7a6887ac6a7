import { Controller, Get, HttpStatus, Inject, Logger, Optional, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import type { ApiReply } from './http-request';
import {
  HEALTH_DATABASE_CHECK,
  HEALTH_EVENT_STORE_CHECK,
  HEALTH_PROJECTIONS,
  type HealthCheckFn,
  type ProjectionsHealthFn,
} from './health-check.tokens';

/** A probe that hangs counts as down: the health endpoint must answer even when a dependency does not. */
const CHECK_TIMEOUT_MS = 3000;

/**
 * ok: everything answers and every projection is whole. degraded (still 200: the service serves): a projection
 * isolated events it could not apply (`stuck`, README: Operations). unavailable (503): the database or the event
 * store does not answer.
 */
export type HealthBody = Omit<HealthCheckResult, 'status'> & {
  status: 'ok' | 'degraded' | 'unavailable';
  projections?: Awaited<ReturnType<ProjectionsHealthFn>>;
};

@ApiTags('health')
@Controller()
export class HealthController {
  private readonly logger = new Logger('HealthController');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_DATABASE_CHECK) private readonly databaseCheck: HealthCheckFn,
    @Inject(HEALTH_EVENT_STORE_CHECK) private readonly eventStoreCheck: HealthCheckFn,
    @Optional() @Inject(HEALTH_PROJECTIONS) private readonly projections?: ProjectionsHealthFn,
  ) {}

  @Public()
  @Get('health')
  @HealthCheck({ swaggerDocumentation: true })
  @ApiOperation({
    summary:
      'Readiness: 200 ok or degraded (a projection holds isolated events) when the database and event store answer, 503 unavailable otherwise (no token needed)',
  })
  async check(@Res({ passthrough: true }) response: ApiReply): Promise<HealthBody> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.probe('database', this.databaseCheck),
        () => this.probe('eventStore', this.eventStoreCheck),
      ]);
    } catch (error) {
      // Terminus reports "down" as a 503 exception carrying the result; answer it here in the health format,
      // not the API error format, because load balancers and dashboards read this body.
      const down = (error as { getResponse?: () => unknown }).getResponse?.();
      if (!isHealthResult(down)) throw error;
      void response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { ...down, status: 'unavailable' };
    }
    const projections = await this.projectionStatus();
    if (projections === null) return { ...result, status: 'ok' };
    return { ...result, status: projections.some((p) => p.stuck.length > 0) ? 'degraded' : 'ok', projections };
  }

  /** null when not wired or not answering in time (the database probe above already said whether it is up). */
  private async projectionStatus(): Promise<Awaited<ReturnType<ProjectionsHealthFn>> | null> {
    if (!this.projections) return null;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.projections(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('projection status timed out')), CHECK_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.logger.warn({
        msg: 'Projection status failed',
        reason: error instanceof Error ? error.message : String(error),
      });
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Only up/down is reported: this endpoint is public, and failure messages can name hosts. */
  private async probe<const K extends string>(key: K, check: HealthCheckFn) {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${key} health check timed out`)), CHECK_TIMEOUT_MS);
        }),
      ]);
      return indicator.up();
    } catch (error) {
      // The reason goes to the logs only (see above).
      this.logger.warn({
        msg: 'Health check failed',
        check: key,
        reason: error instanceof Error ? error.message : String(error),
      });
      return indicator.down();
    } finally {
      clearTimeout(timer);
    }
  }
}

function isHealthResult(value: unknown): value is HealthCheckResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { status?: unknown }).status === 'string' &&
    'details' in value
  );
}
