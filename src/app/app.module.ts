import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { AuthModule } from '../auth/auth.module.js';
import { ErrorPresenter } from '../common/http/error-presenter.js';
import { AllExceptionsFilter } from '../common/http/all-exceptions.filter.js';
import { RouteIndex } from '../common/http/route-index.js';
import { MetricsModule } from '../common/metrics/metrics.module.js';
import { runsHttpApi, runsWorkers, type AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { AnnotationsModule } from '../annotations/annotations.module.js';
import { DataModule } from '../data/data.module.js';
import { DataWorkerModule } from '../data/data-worker.module.js';
import { MaintenanceWorkerModule } from '../maintenance/maintenance-worker.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { ProbesModule } from '../server/probes.module.js';
import { ServerModule } from '../server/server.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TasksWorkerModule } from '../tasks/tasks-worker.module.js';
import { ApiIndexModule } from './api-index.module.js';

/** Feature modules with HTTP endpoints; loaded by the api and all roles. */
const API_MODULES: Type[] = [
  AuthModule,
  ServerModule,
  ApiIndexModule,
  TasksModule,
  DataModule,
  AnnotationsModule,
];

/** Modules holding queue processors; loaded by the worker and all roles. */
const WORKER_MODULES: Type[] = [MaintenanceWorkerModule, TasksWorkerModule, DataWorkerModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, routes: RouteIndex = new RouteIndex()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        QueueModule.forRoot(config),
        MetricsModule,
        ProbesModule,
        ...(runsHttpApi(config) ? API_MODULES : []),
        ...(runsWorkers(config) ? WORKER_MODULES : []),
      ],
      providers: [
        { provide: RouteIndex, useValue: routes },
        ErrorPresenter,
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
