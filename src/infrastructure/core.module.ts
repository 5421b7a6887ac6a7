import { shutdownStep } from './shutdown-watchdog';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { DispatcherLeadership } from '../application/delivery/dispatch-sms/dispatcher-leadership';
import { SmsReportsHandler } from '../application/delivery/dispatch-sms/sms-reports.handler';
import { CHECKPOINT_STORE } from '../application/ports/checkpoint-store.port';
import { CLOCK, ID_GENERATOR, type Clock } from '../application/ports/clock.port';
import { EVENT_STORE, type EventStore } from '../application/ports/event-store.port';
import { LEADER_LEASE } from '../application/ports/leader-lease.port';
import { SENDER_POOL, SMS_GATEWAY, type SmsGateway } from '../application/ports/sms-gateway.port';
import { StudentCommandRunner } from '../application/shared/student-command-runner';
import { StudentStreamHead } from '../application/shared/student-stream-head';
import { PROJECTION_GATHER_MS } from '../projections/runner/batches';
import { PROJECTIONS } from '../projections/runner/projection';
import { ProjectionFailures } from '../projections/runner/projection-failures';
import { ProjectionRunner } from '../projections/runner/projection-runner';
import { READ_MODEL_DATA_SOURCE, READ_MODEL_OWNER } from '../projections/runner/read-model-data-source';
import { AnalyticsModule } from './api/analytics/analytics.module';
import { ComplianceModule } from './api/compliance/compliance.module';
import { ContactsModule } from './api/contacts/contacts.module';
import { DeliveryModule } from './api/delivery/delivery.module';
import { DistrictsModule } from './api/districts/districts.module';
import { InboxModule } from './api/inbox/inbox.module';
import { MessagingModule } from './api/messaging/messaging.module';
import { RecordsAccessModule } from './api/records-access/records-access.module';
import { RecordsModule } from './api/records/records.module';
import { RepliesModule } from './api/replies/replies.module';
import { StudentWriteEtagInterceptor } from './api/student-write-etag.interceptor';
import { systemClock, uuidGenerator } from './clock/system-clock';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { MANUAL_REACTIONS, PG_POOL } from './core.tokens';
import { DATABASE_URLS, prepareDatabase, type DatabaseUrls } from './database/database-setup';
import { guardPool, pgClientConfig } from './database/pg-connection';
import { PostgresCheckpointStore } from './database/postgres-checkpoint-store';
import { PostgresLeaderLease } from './database/postgres-leader-lease';
import { createReadModelDataSource } from './database/read-model-data-source.factory';
import { createEventStore } from './event-store/create-event-store';
import { RecordIncompleteInterceptor } from './http/record-incomplete.interceptor';
import { PostgresSimulatorLog } from './sms/simulator/simulator-log.postgres';
import { SmsSimulatorGateway } from './sms/simulator/sms-simulator.gateway';
import { senderPoolProvider, twilioGateway } from './sms/sms-gateway.providers';

export { PG_POOL };
const SIMULATOR_LOG = Symbol('SIMULATOR_LOG');

export interface CoreOverrides {
  /** Replace the SMS gateway (tests: a Twilio adapter against a stand-in). */
  smsGateway?: SmsGateway;
  /** Replace the event store (tests: the EventStoreDB adapter against the stand-in). */
  eventStore?: EventStore;
  clock?: Clock;
  /** Do not start the dispatcher and projection runner on boot (tests that drive them by hand). */
  manualReactions?: boolean;
}

/** The capabilities that keep read models, in the order the projection runner has always run them. */
const READ_MODEL_OWNERS = [ContactsModule, MessagingModule, RecordsModule, AnalyticsModule, InboxModule];

/** Starts the log consumers after boot and stops everything in order on shutdown. */
@Injectable()
export class CoreLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly dispatcher: DispatcherLeadership,
    private readonly reports: SmsReportsHandler,
    @Inject(SMS_GATEWAY) private readonly gateway: SmsGateway,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(MANUAL_REACTIONS) private readonly manual: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.gateway instanceof SmsSimulatorGateway) this.gateway.connect(this.reports);
    if (this.manual) return;
    await this.projections.start();
    await this.dispatcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    shutdownStep('stopping the SMS dispatcher');
    await this.dispatcher.stop();
    shutdownStep('stopping the projections');
    await this.projections.stop();
    shutdownStep('draining the SMS simulator');
    if (this.gateway instanceof SmsSimulatorGateway) await this.gateway.drain();
    shutdownStep('closing the event store');
    await this.store.close();
    shutdownStep('closing the read-model connections');
    await this.db.destroy();
    shutdownStep('closing the event-store connections');
    await this.pool.end();
    shutdownStep('closing the rest (HTTP server, other modules)');
  }
}

/**
 * The texting service: the shared infrastructure (databases, event store, SMS gateway, clock, the student command
 * runner, the projection runner) and the capability modules that use it, one per folder of src/infrastructure/api.
 * Global, so a capability module injects what this module exports without importing it.
 */
@Module({})
export class CoreModule {
  static register(config: AppConfig, overrides: CoreOverrides = {}): DynamicModule {
    const simulator =
      config.sms.gateway === 'simulator' && !overrides.smsGateway
        ? new SmsSimulatorGateway({
            invalidNumbers: config.sms.simulatorInvalidNumbers,
            delayMs: config.sms.simulatorDelayMs,
          })
        : null;
    const providers: Provider[] = [
      { provide: DATABASE_URLS, useFactory: () => prepareDatabase(config) },
      {
        provide: PG_POOL,
        inject: [DATABASE_URLS],
        useFactory: (urls: DatabaseUrls) =>
          guardPool(
            new Pool({ ...pgClientConfig(urls.service, config.database, 'texting-event-store'), max: 20 }),
            new Logger('EventStoreDatabase'),
            'event-store',
          ),
      },
      {
        provide: READ_MODEL_DATA_SOURCE,
        inject: [DATABASE_URLS],
        useFactory: (urls: DatabaseUrls) =>
          createReadModelDataSource(urls.service, 10, config.database, { migrate: false }),
      },
      {
        provide: READ_MODEL_OWNER,
        inject: [DATABASE_URLS],
        useFactory: (urls: DatabaseUrls) => pgClientConfig(urls.owner, config.database, 'texting-rebuild'),
      },
      {
        provide: EVENT_STORE,
        inject: [PG_POOL, READ_MODEL_DATA_SOURCE],
        useFactory: (pool: Pool) =>
          overrides.eventStore ??
          createEventStore(config.eventStore, pool, config.eventStoreUrl, {
            schemaReady: true,
            eventStoreTimeoutMs: config.eventStoreTimeoutMs,
            groupCommit: config.eventStoreGroupCommit,
          }),
      },
      {
        provide: SMS_GATEWAY,
        useValue: overrides.smsGateway ?? simulator ?? twilioGateway(config, overrides.smsGateway),
      },
      senderPoolProvider(config),
      { provide: CLOCK, useValue: overrides.clock ?? systemClock },
      { provide: ID_GENERATOR, useValue: uuidGenerator },
      { provide: CHECKPOINT_STORE, useClass: PostgresCheckpointStore },
      {
        provide: LEADER_LEASE,
        inject: [DATABASE_URLS],
        useFactory: (urls: DatabaseUrls) =>
          new PostgresLeaderLease(pgClientConfig(urls.service, config.database, 'texting-lease')),
      },
      { provide: MANUAL_REACTIONS, useValue: overrides.manualReactions ?? false },
      { provide: PROJECTION_GATHER_MS, useValue: config.projectionGatherMs },
      { provide: PROJECTIONS, useFactory: () => READ_MODEL_OWNERS.flatMap((owner) => owner.readModels()) },
      ProjectionRunner,
      ProjectionFailures,
      StudentCommandRunner,
      StudentStreamHead,
      CoreLifecycle,
      { provide: APP_INTERCEPTOR, useClass: RecordIncompleteInterceptor },
      { provide: APP_INTERCEPTOR, useClass: StudentWriteEtagInterceptor },
    ];
    if (simulator) {
      providers.push({ provide: SmsSimulatorGateway, useValue: simulator });
      // The simulator remembers what it accepted in the service's database, to answer lookups after a restart.
      providers.push({
        provide: SIMULATOR_LOG,
        inject: [PG_POOL],
        useFactory: (pool: Pool) => {
          simulator.attachLog(new PostgresSimulatorLog(pool));
          return true;
        },
      });
    }
    if (!config.databaseUrl)
      throw new Error('CoreModule needs a database URL (main.ts starts the embedded PostgreSQL first)');
    return {
      module: CoreModule,
      global: true,
      imports: [
        CqrsModule.forRoot(),
        ContactsModule,
        MessagingModule,
        RepliesModule.register(config),
        DeliveryModule.register(config, simulator !== null),
        InboxModule,
        RecordsModule,
        RecordsAccessModule,
        ComplianceModule,
        AnalyticsModule,
        DistrictsModule,
      ],
      providers,
      exports: [
        DATABASE_URLS,
        PG_POOL,
        READ_MODEL_DATA_SOURCE,
        EVENT_STORE,
        SMS_GATEWAY,
        SENDER_POOL,
        CLOCK,
        ID_GENERATOR,
        CHECKPOINT_STORE,
        LEADER_LEASE,
        MANUAL_REACTIONS,
        ProjectionRunner,
        ProjectionFailures,
        StudentCommandRunner,
        StudentStreamHead,
        ...(simulator ? [SmsSimulatorGateway] : []),
      ],
    };
  }
}

export { APP_CONFIG };
