import { Module, type DynamicModule } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '../application/ports/event-store.port';
import { READ_MODEL_DATA_SOURCE } from '../projections/runner/read-model-data-source';
import type { AppConfig } from './config/app-config';
import { CoreModule, type CoreOverrides } from './core.module';
import { ProjectionFailures } from '../projections/runner/projection-failures';
import { HEALTH_DATABASE_CHECK, HEALTH_EVENT_STORE_CHECK, HEALTH_PROJECTIONS } from './http/health-check.tokens';
import { HttpPlatformModule } from './http/http-platform.module';
import { AppLoggerModule, appLoggerModule } from './logging/logger.module';

export interface AppOverrides extends CoreOverrides {
  /** Where log lines go instead of stdout (tests read them back). */
  logDestination?: DestinationStream;
}

/** The whole service for one configuration (tests build it with their own database and overrides). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    const core = CoreModule.register(config, overrides);
    return {
      module: AppModule,
      imports: [
        HttpPlatformModule.forRoot({
          config,
          imports: [core],
          healthChecks: [
            {
              provide: HEALTH_DATABASE_CHECK,
              inject: [READ_MODEL_DATA_SOURCE],
              useFactory: (db: DataSource) => async () => void (await db.query('SELECT 1')),
            },
            {
              provide: HEALTH_EVENT_STORE_CHECK,
              inject: [EVENT_STORE],
              useFactory: (store: EventStore) => () => store.ping(),
            },
            {
              provide: HEALTH_PROJECTIONS,
              inject: [ProjectionFailures],
              useFactory: (failures: ProjectionFailures) => () => failures.health(),
            },
          ],
        }),
        overrides.logDestination ? appLoggerModule(overrides.logDestination) : AppLoggerModule,
        core,
      ],
    };
  }
}
