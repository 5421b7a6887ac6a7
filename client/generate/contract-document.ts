import 'reflect-metadata';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../../src/infrastructure/app.module';
import { loadConfig } from '../../src/infrastructure/config/app-config';
import { createHttpApp } from '../../src/infrastructure/http/http-app';
import { buildOpenApiDocument } from '../../src/infrastructure/http/openapi';

/**
 * The OpenAPI document the service serves at /docs-json in its default configuration (SMS simulator, so the dev
 * simulator routes are in it; the Twilio webhooks are always documented), built without a database or a port: Nest's
 * preview mode reads the controllers and DTOs without constructing any provider, so nothing connects.
 */
export async function contractDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'postgres://contract@127.0.0.1:1/unused',
  });
  const app = await createHttpApp(AppModule.forRoot(config), config, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
