import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import { Lifecycle } from '../common/lifecycle';
import type { AppConfig } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The validated configuration and the process-wide helpers built from it, available everywhere. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: PiiCipher, useValue: new PiiCipher(config.dataKey) },
        Lifecycle,
      ],
      exports: [APP_CONFIG, Clock, PiiCipher, Lifecycle],
    };
  }
}
