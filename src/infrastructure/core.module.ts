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
import { StudentWriteEtagInterceptor } from './api/student-write-etag.interceptor';
import { CqrsModule } from '@nestjs/cqrs';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { CHECKPOINT_STORE } from '../application/ports/checkpoint-store.port';
import { CLOCK, ID_GENERATOR, type Clock } from '../application/ports/clock.port';
import { EVENT_STORE, type EventStore } from '../application/ports/event-store.port';
import { SMS_GATEWAY, type SmsGateway } from '../application/ports/sms-gateway.port';
import { STUDENT_DIRECTORY } from '../application/ports/student-directory.port';
import { DispatcherLeadership } from '../application/delivery/dispatch-sms/dispatcher-leadership';
import { SmsDispatcher } from '../application/delivery/dispatch-sms/sms-dispatcher';
import { LEADER_LEASE } from '../application/ports/leader-lease.port';
import { INBOUND_DEFAULT_DISTRICT, SmsReportsHandler } from '../application/delivery/dispatch-sms/sms-reports.handler';
import { KEYWORD_REPLIES_BY } from '../application/replies/receive-inbound-sms/receive-inbound-sms.handler';
import { StudentDirectoryAdapter } from '../projections/contacts/student-directory.adapter';
import { ProjectionFailures } from '../projections/runner/projection-failures';
import { PROJECTION_GATHER_MS } from '../projections/runner/batches';
import { ProjectionRunner } from '../projections/runner/projection-runner';
import { READ_MODEL_DATA_SOURCE, READ_MODEL_OWNER } from '../projections/runner/read-model-data-source';
import { CommunicationsController } from './api/records/communications.controller';
import { DistrictsController } from './api/districts/districts.controller';
import { TemplatesController } from './api/messaging/templates.controller';
import { ClassTextingController } from './api/messaging/class-texting.controller';
import { WorklistsController } from './api/messaging/worklists.controller';
import { WorklistsReader } from '../projections/messaging/worklists.reader';
import { ClassTextingService } from '../application/messaging/class-texting/class-texting.service';
import { ClassTextRunner, RESUME_CLASS_TEXTS } from '../application/messaging/class-texting/class-text-runner';
import { SECTION_ROSTER } from '../application/ports/section-roster.port';
import { SectionRosterAdapter } from '../projections/contacts/section-roster.adapter';
import { TemplateLibraryService } from '../application/messaging/templates/template-library.service';
import { MessagingController } from './api/messaging/messaging.controller';
import { RepliesController } from './api/replies/replies.controller';
import { SmsSimulatorController } from './api/delivery/sms-simulator.controller';
import { StudentsController } from './api/contacts/students.controller';
import { systemClock, uuidGenerator } from './clock/system-clock';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { PostgresCheckpointStore } from './database/postgres-checkpoint-store';
import { PostgresLeaderLease } from './database/postgres-leader-lease';
import { DATABASE_URLS, prepareDatabase, type DatabaseUrls } from './database/database-setup';
import { guardPool, pgClientConfig } from './database/pg-connection';
import { createReadModelDataSource } from './database/read-model-data-source.factory';
import { createEventStore } from './event-store/create-event-store';
import { RecordIncompleteInterceptor } from './http/record-incomplete.interceptor';
import { COMPLIANCE_CONTROLLERS, COMPLIANCE_PROVIDERS } from './compliance.providers';
import { COMMAND_HANDLERS, PROJECTION_PROVIDERS, QUERY_HANDLERS, REACTION_PROVIDERS } from './messaging.providers';
import { PostgresSimulatorLog } from './sms/simulator/simulator-log.postgres';
import { SmsSimulatorGateway } from './sms/simulator/sms-simulator.gateway';
import {
  senderPoolProvider,
  smsDeliveryControllers,
  smsDeliveryProviders,
  twilioGateway,
} from './sms-delivery.providers';
import { ROSTER_IMPORT_CONTROLLERS, ROSTER_IMPORT_PROVIDERS } from './roster-import.providers';
import { INBOX_CONTROLLERS, INBOX_PROVIDERS } from './inbox.providers';

export const PG_POOL = Symbol('PG_POOL');
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

const MANUAL_REACTIONS = Symbol('MANUAL_REACTIONS');

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
    await this.dispatcher.stop();
    await this.projections.stop();
    if (this.gateway instanceof SmsSimulatorGateway) await this.gateway.drain();
    await this.store.close();
    await this.db.destroy();
    await this.pool.end();
  }
}

/** The texting service itself: commands, reactions, projections, queries and their HTTP controllers. */
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
      ...smsDeliveryProviders(config),
      { provide: CLOCK, useValue: overrides.clock ?? systemClock },
      { provide: ID_GENERATOR, useValue: uuidGenerator },
      { provide: STUDENT_DIRECTORY, useClass: StudentDirectoryAdapter },
      { provide: CHECKPOINT_STORE, useClass: PostgresCheckpointStore },
      {
        provide: LEADER_LEASE,
        inject: [DATABASE_URLS],
        useFactory: (urls: DatabaseUrls) =>
          new PostgresLeaderLease(pgClientConfig(urls.service, config.database, 'texting-lease')),
      },
      DispatcherLeadership,
      { provide: MANUAL_REACTIONS, useValue: overrides.manualReactions ?? false },
      { provide: INBOUND_DEFAULT_DISTRICT, useValue: config.defaultDistrictId },
      { provide: PROJECTION_GATHER_MS, useValue: config.projectionGatherMs },
      { provide: KEYWORD_REPLIES_BY, useValue: config.twilio?.keywordReplies === 'twilio' ? 'provider' : 'service' },
      ...COMMAND_HANDLERS,
      ...QUERY_HANDLERS,
      ...PROJECTION_PROVIDERS,
      ...REACTION_PROVIDERS,
      ...COMPLIANCE_PROVIDERS,
      ...ROSTER_IMPORT_PROVIDERS,
      ...INBOX_PROVIDERS,
      TemplateLibraryService,
      ClassTextingService,
      ClassTextRunner,
      WorklistsReader,
      { provide: RESUME_CLASS_TEXTS, inject: [MANUAL_REACTIONS], useFactory: (manual: boolean) => !manual },
      { provide: SECTION_ROSTER, useClass: SectionRosterAdapter },
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
      imports: [CqrsModule.forRoot()],
      controllers: [
        StudentsController,
        MessagingController,
        CommunicationsController,
        TemplatesController,
        ClassTextingController,
        WorklistsController,
        RepliesController,
        DistrictsController,
        ...smsDeliveryControllers(config),
        ...COMPLIANCE_CONTROLLERS,
        ...ROSTER_IMPORT_CONTROLLERS,
        ...INBOX_CONTROLLERS,
        ...(simulator ? [SmsSimulatorController] : []),
      ],
      providers,
      exports: [
        EVENT_STORE,
        READ_MODEL_DATA_SOURCE,
        PG_POOL,
        ProjectionRunner,
        ProjectionFailures,
        SmsDispatcher,
        SMS_GATEWAY,
        CLOCK,
      ],
    };
  }
}

export { APP_CONFIG };
