import { BullModule } from '@nestjs/bull';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { requireSetting, runsWorkers, type AppConfig } from '../config/app-config.js';
import { QUEUE_NAMES } from './job-catalogue.js';
import { JobCatalogueCheck } from './job-catalogue.check.js';
import { JobQueue } from './job-queue.service.js';
import { QueueMetrics } from './queue-metrics.js';

@Global()
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig): DynamicModule {
    const queues = BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name })));
    return {
      module: QueueModule,
      imports: [
        DiscoveryModule,
        BullModule.forRoot({ url: requireSetting(config, 'redisUrl'), prefix: config.queuePrefix }),
        queues,
      ],
      providers: [JobQueue, QueueMetrics, ...(runsWorkers(config) ? [JobCatalogueCheck] : [])],
      exports: [queues, JobQueue, QueueMetrics],
    };
  }
}
