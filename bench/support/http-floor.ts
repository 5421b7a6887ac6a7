/**
 * The HTTP floor beside figure 1: the service's own HTTP platform on Fastify (rate-limit, JWT, role and storable-text
 * guards, correlation id, security headers, body parsing, the validation pipe with SendSmsDto, the exception filter,
 * one log line per request) in front of a route that does nothing but answer 202. Driven by the same load as the command runs, it
 * shows how much of a command's cost is the HTTP front itself on this machine, before any command work (load the
 * stream, decide, content guard, append). Not part of the service: built here from its modules.
 */
import { Body, Controller, HttpCode, Module, Param, Post, type INestApplication } from '@nestjs/common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SendSmsDto } from '../../src/infrastructure/api/messaging/messaging.dto';
import { ParseIdPipe } from '../../src/infrastructure/api/parse-id.pipe';
import type { AppConfig } from '../../src/infrastructure/config/app-config';
import { configureApp } from '../../src/infrastructure/http/configure-app';
import { createHttpApp } from '../../src/infrastructure/http/http-app';
import { HEALTH_DATABASE_CHECK, HEALTH_EVENT_STORE_CHECK } from '../../src/infrastructure/http/health-check.tokens';
import { HttpPlatformModule } from '../../src/infrastructure/http/http-platform.module';
import { appLoggerModule } from '../../src/infrastructure/logging/logger.module';

@Controller('v1')
class FloorController {
  @Post('students/:id/sms')
  @HttpCode(202)
  send(@Param('id', ParseIdPipe) id: string, @Body() dto: SendSmsDto) {
    return {
      messageId: id,
      status: 'queued',
      enrollmentId: dto.enrollmentId ?? null,
      scheduledFor: null,
      notice: null,
      duplicate: false,
    };
  }
}

export async function startHttpFloor(config: AppConfig): Promise<{ baseUrl: string; app: INestApplication }> {
  @Module({
    imports: [
      HttpPlatformModule.forRoot({
        config,
        healthChecks: [
          { provide: HEALTH_DATABASE_CHECK, useValue: async () => undefined },
          { provide: HEALTH_EVENT_STORE_CHECK, useValue: async () => undefined },
        ],
      }),
      appLoggerModule(pino.destination({ dest: '/dev/null', sync: false })),
    ],
    controllers: [FloorController],
  })
  class FloorModule {}
  const app = await createHttpApp(FloorModule, config, { logger: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, app };
}

/**
 * Below the HTTP floor: Node's own HTTP server, no framework, answering the same requests (read the body, parse its
 * JSON, answer 202 with a small JSON body). What any HTTP service costs per request on this machine before a single
 * guard, pipe or log line; the gap to the HTTP floor is the platform's.
 */
export async function startNodeFloor(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { enrollmentId?: string };
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'queued', enrollmentId: body.enrollmentId ?? null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
