import { Controller, Get, HttpStatus, Inject, Logger, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, HealthIndicatorService } from '@nestjs/terminus';
import type { ServerResponse } from 'node:http';
import { Public } from '../auth/public.decorator';
import { HEALTH_DATABASE_CHECK, HEALTH_EVENT_STORE_CHECK, type HealthCheckFn } from './health-check.tokens';

/** A probe that hangs counts as down: the health endpoint must answer even when a dependency does not. */
const CHECK_TIMEOUT_MS = 3000;

@ApiTags('health')
@Controller()
export class HealthController {
  private readonly logger = new Logger('HealthController');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_DATABASE_CHECK) private readonly databaseCheck: HealthCheckFn,
    @Inject(HEALTH_EVENT_STORE_CHECK) private readonly eventStoreCheck: HealthCheckFn,
  ) {}

  @Public()
  @Get('health')
  @HealthCheck({ swaggerDocumentation: true })
  @ApiOperation({ summary: 'Readiness: 200 when the database and event store answer, 503 otherwise (no token needed)' })
  async check(@Res({ passthrough: true }) response: ServerResponse): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.probe('database', this.databaseCheck), () => this.probe('eventStore', this.eventStoreCheck)]);
    } catch (error) {
      // Terminus reports "down" as a 503 exception carrying the result; answer it here in the health format,
      // not the API error format, because load balancers and dashboards read this body.
      const result = (error as { getResponse?: () => unknown }).getResponse?.();
      if (!isHealthResult(result)) throw error;
      response.statusCode = HttpStatus.SERVICE_UNAVAILABLE;
      return result;
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
      this.logger.warn({ msg: 'Health check failed', check: key, reason: error instanceof Error ? error.message : String(error) });
      return indicator.down();
    } finally {
      clearTimeout(timer);
    }
  }
}

function isHealthResult(value: unknown): value is HealthCheckResult {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'string' && 'details' in value;
}
