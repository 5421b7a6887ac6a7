import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, loadConfig } from './app-config';

/**
 * Makes APP_CONFIG injectable everywhere (global), so infrastructure modules and async module factories
 * (logger, throttler) can all depend on the one validated config without importing this module.
 */
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
