import { Body, Controller, Get, Module, Param, Post, Put, type INestApplication } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Min, ValidateNested } from 'class-validator';
import {
  AppendTooLargeError,
  ConcurrencyError,
  EventStoreUnavailableError,
} from '../../../src/application/ports/event-store.port';
import type { Actor } from '../../../src/domain/shared/actor';
import { DomainError, type DomainErrorKind } from '../../../src/domain/shared/domain-error';
import { CurrentActor } from '../../../src/infrastructure/auth/current-actor.decorator';
import { Public } from '../../../src/infrastructure/auth/public.decorator';
import { Roles } from '../../../src/infrastructure/auth/roles.decorator';
import { type AppConfig, loadConfig } from '../../../src/infrastructure/config/app-config';
import { configureApp } from '../../../src/infrastructure/http/configure-app';
import { createHttpApp, initHttpApp } from '../../../src/infrastructure/http/http-app';
import { HEALTH_DATABASE_CHECK, HEALTH_EVENT_STORE_CHECK } from '../../../src/infrastructure/http/health-check.tokens';
import { HttpPlatformModule } from '../../../src/infrastructure/http/http-platform.module';
import { SkipRateLimit } from '../../../src/infrastructure/http/rate-limit/skip-rate-limit.decorator';
import { appLoggerModule } from '../../../src/infrastructure/logging/logger.module';
import type { DestinationStream } from 'pino';

/** A throwaway API exercising the HTTP platform: one route per behaviour the tests check. */
class PetDto {
  @IsString() @Length(1, 20) name!: string;
}

export class CreateThingDto {
  @IsString() @Length(1, 50) name!: string;
  @IsInt() @Min(0) count!: number;
  @IsOptional() @ValidateNested() @Type(() => PetDto) pet?: PetDto;
}

@Controller('v1/things')
class ThingsController {
  @Post()
  @Roles('teacher', 'school_admin')
  create(@Body() dto: CreateThingDto, @CurrentActor() actor: Actor) {
    return { received: dto, by: actor.id, isDto: dto instanceof CreateThingDto, revision: 9007199254740993n };
  }

  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return actor;
  }

  @Get('fail/:kind')
  fail(@Param('kind') kind: string) {
    if (kind === 'concurrency') throw new ConcurrencyError('student-1', 3n, 4n);
    if (kind === 'store-down') throw new EventStoreUnavailableError('esdb at 10.0.0.7:2113 refused');
    if (kind === 'append-too-large') throw new AppendTooLargeError('student-1', 1_048_576);
    if (kind === 'pg-down')
      throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    if (kind === 'pg-refused')
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    if (kind === 'unexpected') throw new TypeError('Cannot read properties of undefined (reading "secretColumn")');
    throw new DomainError(`DOMAIN_${kind.toUpperCase()}`, `The ${kind} rule said no.`, kind as DomainErrorKind, {
      hint: kind,
    });
  }

  @Put('concurrency')
  conflict() {
    throw new ConcurrencyError('student-1', 3n, 4n);
  }
}

@Public()
@SkipRateLimit()
@Controller('v1/webhooks')
class WebhookController {
  @Post('sms')
  receive(@Body() form: Record<string, string>) {
    return { from: form.From ?? null };
  }
}

export interface TestHealth {
  database: boolean;
  eventStore: boolean;
}

export const BASE_ENV = { NODE_ENV: 'test', LOG_LEVEL: 'silent' };

/** `logTo`: the app logs (one line per request, as the service does) into this destination. */
export async function createHttpTestApp(
  env: Record<string, string> = {},
  logTo?: DestinationStream,
): Promise<{ app: INestApplication; config: AppConfig; health: TestHealth }> {
  const config = loadConfig({ ...BASE_ENV, ...env });
  const health: TestHealth = { database: true, eventStore: true };
  const check = (key: keyof TestHealth) => async () => {
    if (!health[key]) throw new Error(`${key} down`);
  };
  // @nestjs/testing is not installed; a root module through NestFactory is the same wiring the real app uses.
  @Module({
    imports: [
      HttpPlatformModule.forRoot({
        config,
        healthChecks: [
          { provide: HEALTH_DATABASE_CHECK, useValue: check('database') },
          { provide: HEALTH_EVENT_STORE_CHECK, useValue: check('eventStore') },
        ],
      }),
      ...(logTo ? [appLoggerModule(logTo)] : []),
    ],
    controllers: [ThingsController, WebhookController],
  })
  class HttpTestModule {}
  const app = await createHttpApp(HttpTestModule, config, { logger: false, abortOnError: false });
  configureApp(app, config);
  await initHttpApp(app);
  return { app, config, health };
}
