import { type DynamicModule, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import { jwtModuleOptions, TokenService } from '../auth/token.service';
import type { AppConfig } from '../config/app-config';
import { AppConfigModule } from '../config/app-config.module';
import { HealthController } from './health.controller';
import { ClientIdentityRateLimitGuard, ClientIpRateLimitGuard } from './rate-limit/rate-limit.guard';
import { StorableTextGuard } from './storable-text.guard';

export interface HttpPlatformOptions {
  /** The loaded config; also made injectable everywhere as APP_CONFIG. */
  config: AppConfig;
  /** Modules whose exports the health-check providers need (e.g. the persistence module). */
  imports?: ModuleMetadata['imports'];
  /**
   * Providers for HEALTH_DATABASE_CHECK and HEALTH_EVENT_STORE_CHECK (each a `() => Promise<void>`).
   * May be omitted only if a global module already exports both tokens.
   */
  healthChecks?: Provider[];
}

/**
 * The HTTP edge as a module: rate limits, authentication and role checks as global guards (in the order: per-IP
 * budget, so a flood is cut off before any token is verified; token; per-client budget; role; then text that cannot
 * be stored, storable-text.guard.ts), JWT, and /health. Global, so TokenService and APP_CONFIG are injectable
 * anywhere. Pair it with configureApp(app, config) for middleware, the exception filter and validation.
 */
@Module({})
export class HttpPlatformModule {
  static forRoot(options: HttpPlatformOptions): DynamicModule {
    const { config } = options;
    return {
      module: HttpPlatformModule,
      global: true,
      imports: [
        AppConfigModule.forRoot(config),
        JwtModule.register(jwtModuleOptions(config)),
        // Terminus's own failure log would repeat HealthController's; it logs the reason itself.
        TerminusModule.forRoot({ logger: false }),
        ...(options.imports ?? []),
      ],
      controllers: [HealthController],
      providers: [
        TokenService,
        ...(options.healthChecks ?? []),
        // APP_GUARDs run in the order provided here.
        { provide: APP_GUARD, useClass: ClientIpRateLimitGuard },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: ClientIdentityRateLimitGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_GUARD, useClass: StorableTextGuard },
      ],
      exports: [TokenService, JwtModule],
    };
  }
}
