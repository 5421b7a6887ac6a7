import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../infrastructure/app.module';
import { loadConfig } from '../infrastructure/config/app-config';
import { resolveDatabase } from '../infrastructure/database/resolve-database';

/** Runs `task` inside the service's modules, without HTTP and without starting the log consumers. */
export async function withAppContext<T>(task: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const base = loadConfig();
  const { url, embedded } = await resolveDatabase(base);
  const config = { ...base, databaseUrl: url, logLevel: 'silent' as const };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { manualReactions: true }), {
    logger: false,
  });
  try {
    await app.init();
    return await task(app);
  } finally {
    await app.close();
    await embedded?.stop();
  }
}
