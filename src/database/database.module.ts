import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { requireSetting, type AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { UnitOfWork } from './unit-of-work.js';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        // Boot already waited for PostgreSQL (see startup/wait-for-services), so no retry loop here.
        TypeOrmModule.forRoot({
          ...dataSourceOptions(requireSetting(config, 'databaseUrl')),
          retryAttempts: 1,
        }),
      ],
      providers: [UnitOfWork],
      exports: [UnitOfWork],
    };
  }
}
